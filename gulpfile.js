const { src, dest, parallel } = require('gulp');

// tsc compiles the TypeScript; n8n also needs the icons and the codex files beside the compiled nodes.
function copyIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

function copyCodexFiles() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:assets'] = parallel(copyIcons, copyCodexFiles);
