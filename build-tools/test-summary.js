#!/usr/bin/env node
// Prints the plain closing line CI reads ("N passed, N failed, N skipped") from jest-junit's
// report, and fails when the report is missing or counts no test at all.
const fs = require('node:fs');

const reportPath = process.argv[2] || 'test-reports/junit.xml';
if (!fs.existsSync(reportPath)) {
  console.error(`test-summary: ${reportPath} not found; did jest run? (jest-junit writes it)`);
  process.exit(1);
}
const xml = fs.readFileSync(reportPath, 'utf8');
const root = /<testsuites\b[^>]*>/.exec(xml);
const attribute = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(root ? root[0] : '') || [])[1] || 0);
const total = attribute('tests');
const failed = attribute('failures') + attribute('errors');
const skipped = (xml.match(/<skipped\s*\/>/g) || []).length;
const passed = total - failed - skipped;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (total === 0) {
  console.error('test-summary: no test ran');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
