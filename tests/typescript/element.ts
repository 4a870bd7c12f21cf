// A TypeScript consumer of the npm package's element, compiled by `cargo xtask test` with
// `tsc --strict --noEmit` against dist/ installed as node_modules/mediaops: the element from
// `HTMLElementTagNameMap`, its events and their `detail` by their real field names.
import { MediaopsPlayground } from "mediaops/element";
import type { ChangeDetail, MediaopsPlaygroundAttributes, SendDetail } from "mediaops/element";

const element = document.querySelector("mediaops-playground");
if (element) {
  const playground: MediaopsPlayground = element;
  playground.addEventListener("mediaops-decoded", (event) => {
    const first = event.detail.decoded.resources[0];
    console.log(event.detail.inputLength, first?.status, first?.resultInfo?.subcode);
  });
  playground.addEventListener("mediaops-send", (event) => {
    const detail: SendDetail = event.detail;
    console.log(detail.request.url, detail.response?.status, detail.failure, detail.elapsedMs);
  });
  playground.addEventListener("mediaops-change", (event) => {
    const detail: ChangeDetail = event.detail;
    if (detail.mode === "teach") console.log(detail.state.clockMs, detail.state.presetId);
    if (detail.mode === "compose") console.log(detail.state.callId, detail.state.version);
  });
  await playground.start();
  console.log(playground.mode, playground.state);
}
document.addEventListener("mediaops-change", (event) => console.log(event.detail.mode));
const attributes: MediaopsPlaygroundAttributes = { mode: "decode", theme: "dark", load: "interaction", target: "https://graph.example" };
const made = document.createElement("mediaops-playground");
made.setAttribute("mode", attributes.mode ?? "compose");
