"use client";
import{b as t,c as o}from"./chunks/chunk-HTMTTIVK.js";import"./chunks/chunk-AYTBK744.js";import"./chunks/chunk-56F6UCB6.js";import"./chunks/chunk-DVQTHWWB.js";import{useEffect as n,useState as c}from"react";function u({scriptProps:e,...r}){return n(()=>{t(r)}),null}function a(){let[e,r]=c(null);return n(()=>o(r),[]),e}export{u as DubTrack,t as inject,a as useDubTrack};
