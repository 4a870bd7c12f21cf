// expect TS2551 'resultinfo' a decoded resource has `resultInfo`
import { decodePayload } from "mediaops";
const resource = decodePayload("{}", false, false).resources[0];
console.log(resource?.resultinfo);
