// Pre-build: empties dist/ so files of removed or renamed sources (and source maps of earlier
// builds) never reach the packed tarball. Run by `npm run build`.
import { rmSync } from "node:fs";
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
