// Checks JSON values against TypeScript types declared by @mux/mux-node (its .d.ts files), with the TypeScript
// compiler's own type checker: the types are resolved exactly as a TypeScript user of the SDK sees them.
//
// Rules (what a TypeScript client relies on when it reads a response):
// - every non-optional property must be present, with a value of its declared type;
// - an optional property may be absent; when present it must have its declared type;
// - `T | null` accepts null, `number` accepts only JSON numbers, `string` only strings (no "12" for a number);
// - arrays, tuples, literal types, unions and nested interfaces are checked element by element;
// - properties the type does not declare are allowed (a client ignores them).
import ts from 'typescript';
import path from 'node:path';

const VIRTUAL_FILE = 'mux-sdk-response-types.ts';

/**
 * Compiles one virtual TypeScript file declaring `export type <name> = <expression>;` for each entry, resolving
 * '@mux/mux-node' from `baseDir`'s node_modules. Throws when the expressions do not compile (e.g. a type the SDK does
 * not export), so a renamed SDK type cannot silently check nothing.
 */
export function compileTypes(baseDir, typeExpressions) {
    const lines = [
        "import Mux from '@mux/mux-node';",
        "import type { BasePageResponse } from '@mux/mux-node/core/pagination';",
        'export type Page<T> = BasePageResponse<T>;',
        ...Object.entries(typeExpressions).map(([name, expression]) => `export type ${name} = ${expression};`),
    ];
    const fileName = path.join(baseDir, VIRTUAL_FILE);
    const text = lines.join('\n');
    const options = {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: [],
        skipLibCheck: true,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => (path.resolve(name) === fileName ? text : readFile(name));
    host.fileExists = (name) => path.resolve(name) === fileName || fileExists(name);
    host.getSourceFile = (name, version, onError, shouldCreate) => path.resolve(name) === fileName
        ? ts.createSourceFile(name, text, version, true)
        : getSourceFile(name, version, onError, shouldCreate);
    const program = ts.createProgram([fileName], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length > 0) {
        throw new Error('SDK type expressions do not compile:\n' + ts.formatDiagnostics(diagnostics, {
            getCanonicalFileName: (f) => f, getCurrentDirectory: () => baseDir, getNewLine: () => '\n',
        }));
    }
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(fileName);
    const types = new Map();
    source.forEachChild((node) => {
        if (ts.isTypeAliasDeclaration(node)) {
            types.set(node.name.text, checker.getTypeAtLocation(node.name));
        }
    });
    return new SdkTypes(checker, types);
}

/** The compiled types, by name, and the check of a JSON value against one of them. */
class SdkTypes {
    constructor(checker, types) {
        this.checker = checker;
        this.types = types;
    }

    /** Every violation of the named type by `value`, as "path: problem" strings; empty when it conforms. */
    check(typeName, value) {
        const type = this.types.get(typeName);
        if (!type) {
            throw new Error(`no compiled type named ${typeName}`);
        }
        const problems = [];
        this.#check(value, type, '$', problems);
        return problems;
    }

    #describe(type) {
        return this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
    }

    #check(value, type, where, problems) {
        const flags = type.flags;
        const expected = () => `expected ${this.#describe(type)}, got ${shortJson(value)}`;
        if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
            return;
        }
        if (type.isUnion()) {
            const members = type.types;
            for (const member of members) {
                const memberProblems = [];
                this.#check(value, member, where, memberProblems);
                if (memberProblems.length === 0) {
                    return;
                }
            }
            // report the closest member's problems when the value has the right JSON kind, else the union itself
            const sameKind = members.filter((m) => kindMatches(value, m, this.checker));
            if (sameKind.length === 1) {
                this.#check(value, sameKind[0], where, problems);
            } else {
                problems.push(`${where}: ${expected()}`);
            }
            return;
        }
        if (flags & ts.TypeFlags.Null) {
            if (value !== null) problems.push(`${where}: ${expected()}`);
            return;
        }
        if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
            if (value !== undefined) problems.push(`${where}: ${expected()}`);
            return;
        }
        if (flags & ts.TypeFlags.StringLiteral) {
            if (value !== type.value) problems.push(`${where}: ${expected()}`);
            return;
        }
        if (flags & ts.TypeFlags.NumberLiteral) {
            if (value !== type.value) problems.push(`${where}: ${expected()}`);
            return;
        }
        if (flags & ts.TypeFlags.BooleanLiteral) {
            if (value !== (type.intrinsicName === 'true')) problems.push(`${where}: ${expected()}`);
            return;
        }
        if (flags & ts.TypeFlags.String) {
            if (typeof value !== 'string') problems.push(`${where}: ${expected()}`);
            return;
        }
        if (flags & ts.TypeFlags.Number) {
            if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${where}: ${expected()}`);
            return;
        }
        if (flags & ts.TypeFlags.Boolean) {
            if (typeof value !== 'boolean') problems.push(`${where}: ${expected()}`);
            return;
        }
        if (this.checker.isTupleType(type)) {
            const elements = this.checker.getTypeArguments(type);
            if (!Array.isArray(value) || value.length !== elements.length) {
                problems.push(`${where}: ${expected()}`);
                return;
            }
            elements.forEach((element, i) => this.#check(value[i], element, `${where}[${i}]`, problems));
            return;
        }
        if (this.checker.isArrayType(type)) {
            if (!Array.isArray(value)) {
                problems.push(`${where}: ${expected()}`);
                return;
            }
            const element = this.checker.getTypeArguments(type)[0];
            value.forEach((item, i) => this.#check(item, element, `${where}[${i}]`, problems));
            return;
        }
        if (flags & ts.TypeFlags.Object) {
            if (value === null || typeof value !== 'object' || Array.isArray(value)) {
                problems.push(`${where}: ${expected()}`);
                return;
            }
            for (const property of this.checker.getPropertiesOfType(type)) {
                const name = property.getName();
                const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
                const propertyType = this.checker.getTypeOfSymbol(property);
                if (!Object.hasOwn(value, name)) {
                    if (!optional) {
                        problems.push(`${where}.${name}: missing (declared ${this.#describe(propertyType)})`);
                    }
                    continue;
                }
                // an optional property's `| undefined` never matches a JSON value and is harmless here
                this.#check(value[name], propertyType, `${where}.${name}`, problems);
            }
            const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
            if (index) {
                for (const [name, item] of Object.entries(value)) {
                    if (!this.checker.getPropertyOfType(type, name)) {
                        this.#check(item, index.type, `${where}.${name}`, problems);
                    }
                }
            }
            return;
        }
        throw new Error(`${where}: cannot check against ${this.#describe(type)} (type flags ${flags})`);
    }
}

function kindMatches(value, type, checker) {
    const flags = type.flags;
    if (value === null) return (flags & ts.TypeFlags.Null) !== 0;
    if (Array.isArray(value)) return checker.isArrayType(type) || checker.isTupleType(type);
    switch (typeof value) {
        case 'string': return (flags & ts.TypeFlags.StringLike) !== 0;
        case 'number': return (flags & ts.TypeFlags.NumberLike) !== 0;
        case 'boolean': return (flags & ts.TypeFlags.BooleanLike) !== 0;
        case 'object': return (flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(type);
        default: return false;
    }
}

function shortJson(value) {
    const text = JSON.stringify(value);
    return text === undefined ? 'nothing' : text.length > 80 ? text.slice(0, 77) + '...' : text;
}
