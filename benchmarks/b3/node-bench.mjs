// B3 peer: the transform-users component under `jco transpile` on Node (V8), timed per call at
// 10, 1,000 and 100,000 records. Prints "B3 node <records> <ns per call> <calls>" lines.
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const here = resolve(new URL(".", import.meta.url).pathname);
const jco = process.env.JCO ?? "/opt/jco/node_modules/.bin/jco";
const wasm = join(here, "..", "src", "main", "resources", "bench", "transform-users.wasm");
const work = mkdtempSync(join(tmpdir(), "wippy-b3-"));
symlinkSync(resolve(jco, "../.."), join(work, "node_modules"));
execFileSync(jco, ["transpile", wasm, "-o", join(work, "tu"), "--name", "tu"], { stdio: "ignore" });
const mod = await import(join(work, "tu", "tu.js"));
const transform = mod.transformUsers;

for (const n of [10, 1000, 100000]) {
  const users = Array.from({ length: n }, (_, i) => ({ name: "user" + i, age: i % 90, tags: ["a" + (i % 7), "team"] }));
  const budgetNs = 4e9;
  // warm up for a quarter of the budget, then measure
  let t0 = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - t0) < budgetNs / 4) transform(users);
  let calls = 0;
  t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < budgetNs) {
    transform(users);
    calls++;
    elapsed = Number(process.hrtime.bigint() - t0);
  }
  console.log(`B3 node ${n} ${(elapsed / calls).toFixed(0)} ${calls}`);
}
