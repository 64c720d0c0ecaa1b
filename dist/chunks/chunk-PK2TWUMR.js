var t="https://api.dub.co",o=[408,429,500,502,503,504];export{t as a,o as b};
