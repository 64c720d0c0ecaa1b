import{b as a,c as b}from"./chunk-TGT4JTA2.js";export{a as prototypeSetter,b as refusingEngine};
