// The layers of Codelumi's code, checked by dependency-cruiser
// (`npm run lint:layers`, part of `npm run lint` and `npm test`).
//
// LAYERS lists lib/'s folders from the bottom up. A folder may import only
// folders on a lower line (and itself); folders on the same line are
// independent of each other. So there is no cycle between folders by
// construction, and a new import against the order fails the check with the
// rule's name saying which line it broke. app/ and workers/ sit on top; lib/
// and workers/ never import app/. No cycle between modules either, anywhere.
const LAYERS = [
  // Plain types and helpers every box uses: stored records, errors, ids, the store base; the one languages table.
  ['core', 'languages'],
  // Dexie: the schema, its versions, typed repositories.
  ['db'],
  // Domain boxes of the plan, lower lines first.
  ['ollama', 'markdown', 'signals', 'prompt', 'privacy'],
  ['pwa', 'search', 'runner', 'projects', 'patterns', 'importers'],
  ['response', 'memory'],
  ['retrieval'],
  ['learning', 'community', 'training'],
  // One turn, and what watches it; backup and restore of the whole database (archive moves the learning cursor); the
  // personal model (built from the training examples); the Planner (plans, their execution in the sandbox, delivery, learned like answers').
  ['chat', 'archive', 'personal', 'planner'],
  ['lumi', 'analysis'],
  // The composition root: builds the services the app uses.
  ['services'],
];

const folderRe = (names) => `^lib/(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((line, i) => {
  const higher = LAYERS.slice(i).flat();
  return line.map((folder) => ({
    name: `layer:${folder}`,
    comment: `lib/${folder}/ may import only folders on a lower line of LAYERS (it is on line ${i + 1}).`,
    severity: 'error',
    from: { path: `^lib/${folder}/` },
    to: { path: folderRe(higher.filter((f) => f !== folder)) },
  }));
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between modules.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-is-not-app',
      comment: 'lib/ is framework-free and never imports the UI.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^app/' },
    },
    {
      name: 'workers-are-not-app',
      comment: 'Worker entry points wire lib/ in; they never import the UI.',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: '^app/' },
    },
    {
      name: 'lib-in-folders',
      comment: 'Every module of lib/ belongs to one box (a folder listed in LAYERS).',
      severity: 'error',
      from: { path: '^lib/[^/]+$' },
      to: {},
    },
    {
      name: 'unknown-folder',
      comment: 'A folder of lib/ that LAYERS does not list has no place in the order yet: add it.',
      severity: 'error',
      from: { path: '^lib/', pathNot: folderRe(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'hub-uses-the-wire-format-only',
      comment: 'The hub (hub/) shares with the app only the wire format and its helpers: lib/privacy and lib/core.',
      severity: 'error',
      from: { path: '^hub/' },
      to: { path: '^(lib|app|workers)/', pathNot: '^lib/(privacy|core)/' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|out|out-[^/]+|\\.next)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type import against the layers is still a wrong dependency.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
