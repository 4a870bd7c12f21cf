// expect TS2339 'decoding' mediaops-decoded's detail has `decoded`
import type {} from "mediaops/element";
const playground = document.querySelector("mediaops-playground");
playground?.addEventListener("mediaops-decoded", (event) => console.log(event.detail.decoding));
