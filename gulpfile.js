// Copies node and credential icons next to the compiled code, where n8n looks for them.
const { src, dest, task } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

task('build:icons', buildIcons);
