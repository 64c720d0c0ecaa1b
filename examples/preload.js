// The pre-load snippet the README shows, kept as a file because the demo's CSP forbids inline scripts:
// calls made before dist/dub-track.js has loaded are queued, and the script drains them in order.
// It is kept byte for byte as the README shows it.
// biome-ignore-all lint: third-party style snippet, copied verbatim
// biome-ignore format: copied verbatim
!function(w,n){var t=w[n]=w[n]||{q:[]};["lead","sale","customer"].forEach(function(m){t[m]=t[m]||function(){var a=arguments;return new Promise(function(s,j){t.q.push([m,a,s,j])})}});t.on=t.on||function(){t.q.push(["on",arguments])}}(window,"dubTrack");
