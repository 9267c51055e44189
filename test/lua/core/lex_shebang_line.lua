#!/usr/bin/env lua5.3
-- lexical: a first line starting with # is skipped by the standalone interpreter
print("after shebang")
print(1 + 1)
