// expect TS2322 '"edit"' mode is compose, decode or teach
import type { MediaopsPlaygroundAttributes } from "mediaops/element";
const attributes: MediaopsPlaygroundAttributes = { mode: "edit" };
console.log(attributes);
