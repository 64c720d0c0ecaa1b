export declare function readMirror(): {
    id: string;
    expiresAt: number;
} | null;
export declare function writeMirror(id: string | null, expiresAt?: number): void;
