"use client";
import{b as t,c as o}from"./chunks/chunk-YRLZUCKU.js";import"./chunks/chunk-BYKBQNJF.js";import"./chunks/chunk-ETVS6ONG.js";import"./chunks/chunk-DVQTHWWB.js";import{useEffect as n,useState as c}from"react";function u({scriptProps:e,...r}){return n(()=>{t(r)}),null}function a(){let[e,r]=c(null);return n(()=>o(r),[]),e}export{u as DubTrack,t as inject,a as useDubTrack};
