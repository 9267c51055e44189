// A per-tenant plugin: the product's helper library is loaded once into a template VM; each
// tenant gets a cheap fork holding its own plugin script and private store, and the host calls
// the plugin's hooks. Tenants can never see or change each other's state.
// Run: npm run build && node examples/tenant-plugin.mjs
import { defineApi, Lua } from "moonrule";

const Host = defineApi("host", {
  tenant() {
    return this.store.tenant; // the store is host-only: scripts cannot read it directly
  },
  log(msg) {
    this.store.logs.push(String(msg));
  },
});

const template = Lua.create({ budget: { instructions: 50_000, memoryBytes: 1 << 20 } }).load(Host);
template.eval(`
  helpers = {}
  function helpers.percent(x, p) return x * p / 100 end
  function helpers.round2(x) return math.floor(x * 100 + 0.5) / 100 end
`, { chunkName: "helpers" });

const PLUGINS = {
  acme: `
    function on_order(order)
      local discount = order.total > 100 and helpers.percent(order.total, 10) or 0
      host.log(host.tenant() .. " discount " .. discount)
      return { total = helpers.round2(order.total - discount), discount = discount }
    end`,
  globex: `
    helpers = nil  -- only this tenant's globals change
    count = 0
    function on_order(order)
      count = count + 1
      host.log("order #" .. count)
      return { total = order.total, orders_seen = count }
    end`,
};

export function main(log = console.log) {
  const tenants = {};
  for (const [name, source] of Object.entries(PLUGINS)) {
    const vm = template.fork({ store: { tenant: name, logs: [] } });
    vm.eval(source, { chunkName: `${name}.lua` });
    tenants[name] = vm;
  }
  for (const total of [80, 250]) {
    for (const [name, vm] of Object.entries(tenants)) {
      const { values } = vm.call("on_order", [{ total, lines: [] }]);
      log(`${name} on_order(${total}) -> ${JSON.stringify(values[0])}`);
    }
  }
  // The template's helpers are intact for acme although globex removed its own copy.
  log(`acme helpers: ${tenants.acme.get("helpers") !== undefined}, globex helpers: ${tenants.globex.get("helpers") !== undefined}`);
  // Shared tables are read-only to every tenant.
  try {
    tenants.globex.eval("string.upper = function() return 'pwned' end");
  } catch (e) {
    log(`globex patching string: ${e.message}`);
  }
  for (const [name, vm] of Object.entries(tenants)) log(`${name} logs: ${vm.store.logs.join("; ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
