// expect TS18048 'resource.resultInfo' is absent from a resource that has none: check it first
import { decodePayload } from "mediaops";
const [resource] = decodePayload("{}", false, false).resources;
if (resource) {
  const code: number = resource.resultInfo.code ?? 0;
  console.log(code);
}
