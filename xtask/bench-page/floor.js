// The ready floor's whole script: the mark the playground sets once Compose is drawn.
performance.mark("mediaops-ready");
