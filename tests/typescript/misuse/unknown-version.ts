// expect TS2322 '"v2.0"' the simulator knows v1.0 and beta only
import { simulateScenario } from "mediaops";
simulateScenario("[]", { version: "v2.0" });
