// Every pnpm script runs on the Node that the root devDependency `node` brings
// (pnpm puts node_modules/.bin first on PATH); fail early if that did not happen.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`tokenkeeper needs Node >= 22 for its toolchain; this is ${process.version}.`);
  console.error(
    'Run the commands through pnpm (see README "Develop") so the bundled Node 24 is used.',
  );
  process.exit(1);
}
console.log(`node ${process.version}`);
