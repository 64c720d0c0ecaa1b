"use client";
import{b as t,c as o}from"./chunks/chunk-44OL6G72.js";import"./chunks/chunk-FDQGGCGE.js";import"./chunks/chunk-Q5QF22VN.js";import"./chunks/chunk-OIGFLC24.js";import{useEffect as n,useState as c}from"react";function u({scriptProps:e,...r}){return n(()=>{t(r)}),null}function a(){let[e,r]=c(null);return n(()=>o(r),[]),e}export{u as DubTrack,t as inject,a as useDubTrack};
