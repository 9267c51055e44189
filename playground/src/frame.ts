// Work that runs at most once per animation frame, however fast the typing: a burst of
// keystrokes refreshes once.

export interface FrameTask {
  /** Run the work on the next frame (once, whatever the number of requests before it). */
  request(): void;
  /** Run pending work now (before something that needs its result). */
  flush(): void;
}

export function oncePerFrame(work: () => void): FrameTask {
  let pending = 0;
  return {
    request(): void {
      if (pending === 0) pending = requestAnimationFrame(() => {
        pending = 0;
        work();
      });
    },
    flush(): void {
      if (pending === 0) return;
      cancelAnimationFrame(pending);
      pending = 0;
      work();
    },
  };
}
