function e(i){let t=i.split(".");return/^[\d.]+$|:/.test(i)?[]:t.slice(1).map((s,n)=>t.slice(-2-n).join("."))}export{e as a};
