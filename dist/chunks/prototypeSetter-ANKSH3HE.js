import{c as a,d as b}from"./chunk-HRF5RLQP.js";export{a as prototypeSetter,b as refusingEngine};
