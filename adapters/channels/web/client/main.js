// The chat page's entry point: draws the app into #app.
import { h, render } from '/assets/vendor/preact.mjs';
import { App } from './app.js';

const root = document.getElementById('app');
root.textContent = '';
render(h(App, null), root);
