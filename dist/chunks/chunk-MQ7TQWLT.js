var s=/^[\w-]{1,128}$/,r="dub_id",o=n=>typeof n=="string"&&s.test(n);function c(n,t,i){return o(n)&&(i!=="first-click"||!t)?n:t}export{r as a,o as b,c};
