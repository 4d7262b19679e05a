/**
 * Test set-up: register the renderers of kind-tagged results (src/display/register.ts), as the
 * package entry point does, so that tests importing computation modules directly see results
 * render as in a notebook.
 */
import "../src/display/register.js";
