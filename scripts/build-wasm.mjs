// Compiles the AssemblyScript kernels in wasm/ to WebAssembly (see wasm/README.md).
// Until the kernels exist this is a no-op.
import { existsSync } from "node:fs";
if (!existsSync(new URL("../wasm/assembly", import.meta.url))) process.exit(0);
