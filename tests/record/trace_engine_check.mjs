// Load a Chrome trace JSON into DevTools' trace engine (npm
// @paulirish/trace_engine, installed by scripts/setup.sh record) and print
// what it made of it: one line per thread, "pid tid name entries", then
// one line per distinct entry name, "  name count total_dur_us".  Any error
// the engine reports (unbalanced or mismatched slices) fails the check.
//
//   node trace_engine_check.mjs NODE_MODULES_DIR TRACE.json
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';

const [modules, file] = process.argv.slice(2);
const engine = path.join(modules, '@paulirish/trace_engine/models/trace/trace.js');
const Trace = await import(url.pathToFileURL(engine).href);

// the engine measures layout shifts with DOMRect, which node lacks
globalThis.DOMRect ??= class { constructor(x = 0, y = 0, w = 0, h = 0) {
	this.x = x; this.y = y; this.width = w; this.height = h; } };

const errors = [];
console.error = (...args) => errors.push(args.join(' '));
const json = JSON.parse(fs.readFileSync(file, 'utf8'));
const model = Trace.TraceModel.Model.createWithAllHandlers();
await model.parse(json.traceEvents);
const renderer = model.parsedTrace().data.Renderer;
for (const [pid, proc] of renderer.processes) {
	for (const [tid, thread] of proc.threads) {
		console.log(`${pid} ${tid} ${thread.name} ${thread.entries.length}`);
		const byName = new Map();
		for (const e of thread.entries) {
			const [n, d] = byName.get(e.name) ?? [0, 0];
			byName.set(e.name, [n + 1, d + (e.dur ?? 0)]);
		}
		for (const [name, [n, d]] of byName)
			console.log(`  ${name} ${n} ${d}`);
	}
}
if (errors.length) {
	process.stdout.write(`engine errors: ${errors.length}\n${errors.slice(0, 5).join('\n')}\n`);
	process.exit(1);
}
