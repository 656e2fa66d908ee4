// DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.

export type paths = {
    "/hello": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Say hello
         * @description A public liveness endpoint. Needs no credentials.
         */
        get: operations["getHello"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Returns one page of users, oldest first. Pages are bounded by `limit`; when more users remain the
         *     answer has `nextCursor`: pass it as `cursor` to get the next page. Every user appears exactly once
         *     across the pages of one walk.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user
         * @description Creates a user. `name` and `email` are required, `phone` is optional (E.164).
         *     The server sets `userId`, `createdAt` and `updatedAt`, and answers with the
         *     new user's URL in `Location`. Emails are unique (compared case-insensitively): an email another
         *     user has answers 409. Send an `Idempotency-Key` to make retries safe.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's id (UUID).
                 * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        /**
         * Get a user
         * @description Returns the user with its `ETag`. Send `If-None-Match` to get `304` when it has not changed.
         */
        get: operations["getUser"];
        /**
         * Update a user (partial)
         * @description Changes only the fields sent (at least one of `name`, `email`, `phone`);
         *     the others keep their values. `updatedAt` is set by the server. Requires `If-Match` (optimistic
         *     concurrency): a stale `ETag` answers 412 and changes nothing. Changing the email to one another
         *     user has answers 409. Send an `Idempotency-Key` to make a retry whose answer was lost safe: it gets that
         *     answer again rather than a 412 against the version it made.
         */
        put: operations["updateUser"];
        post?: never;
        /**
         * Delete a user
         * @description Requires `If-Match` (optimistic concurrency); a stale `ETag` answers 412 and deletes nothing. Send an
         *     `Idempotency-Key` to make a retry whose answer was lost safe: it gets that answer again rather than a 404.
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's id (UUID).
                 * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        /**
         * Download the user's avatar
         * @description Redirects to a short-lived presigned download URL of the avatar; 404 when the user has none.
         */
        get: operations["getAvatar"];
        /**
         * Get a presigned upload for the user's avatar
         * @description Answers a presigned S3 POST: the client uploads the image straight to storage (API Gateway and Lambda cap
         *     payloads at 10 MB and 6 MB, and would pay for every byte). The policy pins the object key, the content type
         *     and the size range, and expires; a new upload replaces the avatar. Once storage has it, the user's `avatar`
         *     says so.
         */
        put: operations["requestAvatarUpload"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** @description Greeting from the liveness endpoint. */
        Hello: {
            /** @description Always `Hello from the Users API`. */
            message: string;
            /** @description The id of this request, as logged by the API. */
            requestId: string;
            /**
             * Format: date-time
             * @description Server time when the request was answered (ISO 8601, UTC).
             */
            timestamp: string;
        };
        /** @description One input that failed validation. */
        ProblemFieldError: {
            /**
             * @description Where the input was.
             * @enum {string}
             */
            location: "body" | "path" | "query" | "header";
            /** @description JSON pointer (for the body) or the parameter name. */
            pointer: string;
            /** @description What is wrong with it. */
            message: string;
        };
        /** @description An RFC 9457 problem detail. */
        Problem: {
            /** @description A URI reference naming the problem type. */
            type: string;
            /** @description Short summary of the problem type. */
            title: string;
            /** @description The HTTP status code. */
            status: number;
            /** @description What went wrong with this request, for a human. */
            detail: string;
            /** @description The request id; quote it when reporting a problem. */
            instance: string;
            /** @description For 400, each input that failed validation. */
            errors?: components["schemas"]["ProblemFieldError"][];
        };
        /**
         * @description Where the next page starts: present in a page while more items remain; send it back as the `cursor` parameter.
         *     Opaque and tamper-evident: a changed cursor answers 400.
         */
        Cursor: string;
        /**
         * Format: uuid
         * @description Server-assigned identifier (UUID v4), in lower case as issued; an upper-case spelling is refused (400).
         */
        UserId: string;
        /** @description Display name: at least one visible character (not only spaces, zero-width, invisible or combining characters), and no control character (U+0000 to U+001F, U+007F to U+009F), bidirectional embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069), unpaired surrogate or replacement character (U+FFFD, the mark of text decoded from the wrong encoding). Leading or trailing spaces are kept as sent. */
        UserName: string;
        /**
         * Format: email
         * @description Email address. Unique per user, compared case-insensitively.
         */
        Email: string;
        /** @description Phone number in E.164 form, `+` then 7 to 15 digits. */
        Phone: string;
        /**
         * Format: date-time
         * @description ISO 8601 date-time in UTC, set by the server.
         */
        Timestamp: string;
        /** @description The user's avatar, as stored: present once an upload has reached storage (the API records it when S3 reports the upload), absent otherwise. Fetch it with `GET /users/{userId}/avatar`. */
        Avatar: {
            contentType: string;
            bytes: number;
            uploadedAt: components["schemas"]["Timestamp"];
        };
        /** @description A user as stored by the API. */
        User: {
            userId: components["schemas"]["UserId"];
            name: components["schemas"]["UserName"];
            email: components["schemas"]["Email"];
            phone?: components["schemas"]["Phone"];
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
            avatar?: components["schemas"]["Avatar"];
        };
        /** @description One page of users, oldest first. */
        UserList: {
            users: components["schemas"]["User"][];
            /** @description Number of users in this page. */
            count: number;
            nextCursor?: components["schemas"]["Cursor"];
        };
        /** @description A new user. Unknown fields are rejected. */
        CreateUserRequest: {
            name: components["schemas"]["UserName"];
            email: components["schemas"]["Email"];
            phone?: components["schemas"]["Phone"];
        };
        /** @description A user with a human-readable message about what was done. */
        UserEnvelope: {
            message: string;
            user: components["schemas"]["User"];
        };
        /** @description A partial update. At least one field; fields not sent keep their value. Unknown fields are rejected. */
        UpdateUserRequest: {
            name?: components["schemas"]["UserName"];
            email?: components["schemas"]["Email"];
            phone?: components["schemas"]["Phone"];
        };
        /** @description A human-readable confirmation. */
        Message: {
            message: string;
        };
        /** @description What the client is about to upload; the upload is refused by storage if it is anything else. */
        AvatarUploadRequest: {
            /**
             * @description The image's media type. A stage may accept fewer of these (its upload answers 400 for the others).
             * @enum {string}
             */
            contentType: "image/png" | "image/jpeg" | "image/webp";
        };
        /** @description A presigned S3 POST upload: send `multipart/form-data` to `url` with every entry of `fields` and then the file as the last field, named `file`. Storage refuses a file larger than `maxBytes`, of another content type, or after `expiresAt`. */
        AvatarUpload: {
            /** @enum {string} */
            method: "POST";
            /** Format: uri */
            url: string;
            /** @description Form fields to send as they are, before the file: the key, the content type and the signed policy (with `X-Amz-Security-Token` when the signer's credentials are temporary, as in Lambda). */
            fields: {
                key: string;
                "Content-Type": string;
                bucket: string;
                Policy: string;
                "X-Amz-Algorithm": string;
                "X-Amz-Credential": string;
                "X-Amz-Date": string;
                "X-Amz-Security-Token"?: string;
                "X-Amz-Signature": string;
            };
            maxBytes: number;
            expiresAt: components["schemas"]["Timestamp"];
        };
    };
    responses: never;
    parameters: {
        /**
         * @description Largest number of users in the page.
         * @example 25
         */
        Limit: number;
        /**
         * @description The `nextCursor` of the previous page, as returned. Opaque and tamper-evident: a changed cursor answers 400.
         *     No example is given: a cursor is signed by the stage that issued it, so only a real `nextCursor` is valid.
         */
        Cursor: components["schemas"]["Cursor"];
        /**
         * @description A unique key (for example a UUID) that makes retrying a change safe. The same key on the same operation with
         *     the same request (path and body) within 24 hours replays the original response and changes nothing again; the
         *     same key on the same operation with a different request answers `422`; a retry while the first request is still
         *     running answers `409` with `Retry-After`. Keys are per caller and per operation: the same key sent to another
         *     operation is another request.
         * @example 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d
         */
        IdempotencyKey: string;
        /**
         * @description The user's id (UUID).
         * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
         */
        UserId: components["schemas"]["UserId"];
        /**
         * @description An `ETag` from an earlier response; when it still matches, the answer is `304 Not Modified` with no body.
         * @example "1"
         */
        IfNoneMatch: string;
        /**
         * @description The `ETag` of the version this change is based on (optimistic concurrency). **Required**: without it
         *     the API answers `428 Precondition Required`, so an update can never silently overwrite someone else's.
         *     A different current version answers `412 Precondition Failed` and changes nothing. `*` explicitly
         *     accepts whatever version is current.
         * @example "1"
         */
        IfMatch: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description User data is private to the caller and must be revalidated (with `If-None-Match`) before reuse.
         * @example private, no-cache
         */
        CacheControl: string;
        /**
         * @description URL path of the created user.
         * @example /users/3fa85f64-5717-4562-b3fc-2c963f66afa6
         */
        Location: string;
        /**
         * @description Strong validator of the user's current version. Send it back in `If-Match` to update or delete
         *     (a mismatch answers 412), or in `If-None-Match` to revalidate a cached copy (a match answers 304).
         * @example "3"
         */
        ETag: string;
    };
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    getHello: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The API is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hello"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /**
                 * @description Largest number of users in the page.
                 * @example 25
                 */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description The `nextCursor` of the previous page, as returned. Opaque and tamper-evident: a changed cursor answers 400.
                 *     No example is given: a cursor is signed by the stage that issued it, so only a real `nextCursor` is valid.
                 */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users. `count` is the number of users in this page. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /**
             * @description The request is malformed or fails validation. Two checks answer it, and a client reads a different field of each:
             *     - **The gateway's request validator** (type `/problems/validation`, no `errors`): a body that is not JSON or breaks
             *       the body's schema as JSON Schema draft 4 reads it (types, required and unknown properties, lengths, patterns,
             *       enums, bounds; not `format`), or a missing required parameter. `detail` is the validator's message, naming the
             *       field, e.g. `[object has missing required properties (["email"])]`.
             *     - **The function** (type `/problems/validation`, with `errors`): whatever passes the gateway but not the full
             *       schema (formats such as `email`, parameter values such as a `userId` that is not a UUID, `limit` out of range, a
             *       tampered cursor, an empty body); `errors` names each bad input by location and JSON pointer.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description No valid bearer token: it is missing, malformed, expired, not issued for this API, or (behind API Gateway,
             *     whose Cognito authorizer checks the operation's scopes) without the scope the operation needs.
             *     The body never says which. Behind API Gateway, its authorizer answers a missing or invalid token with
             *     `WWW-Authenticate`; a token the authorizer accepted but the function refused is answered by the function,
             *     whose `WWW-Authenticate` API Gateway renames to `X-Amzn-Remapped-WWW-Authenticate` (the local gateway does the same).
             */
            401: {
                headers: {
                    /**
                     * @description How to authenticate (RFC 6750 `Bearer`), when the gateway's authorizer refused the request.
                     * @example Bearer realm="users-api"
                     */
                    "WWW-Authenticate"?: string;
                    /**
                     * @description The function's RFC 6750 challenge, renamed by API Gateway, when the function refused the token.
                     * @example Bearer realm="users-api", error="invalid_token"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The API key is missing or unknown; or, when the function is called without API Gateway's authorizer in front
             *     (which answers a missing scope with `401`), the token lacks a scope this operation needs.
             */
            403: {
                headers: {
                    /**
                     * @description For a missing scope, the function's RFC 6750 `insufficient_scope` challenge (API Gateway renames a
                     *     function's `WWW-Authenticate` to this; the local gateway does the same).
                     * @example Bearer realm="users-api", error="insufficient_scope", scope="users:write"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is overloaded or unreachable. Retry after the number of seconds in `Retry-After`. */
            503: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (for example a UUID) that makes retrying a change safe. The same key on the same operation with
                 *     the same request (path and body) within 24 hours replays the original response and changes nothing again; the
                 *     same key on the same operation with a different request answers `422`; a retry while the first request is still
                 *     running answers `409` with `Retry-After`. Keys are per caller and per operation: the same key sent to another
                 *     operation is another request.
                 * @example 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserRequest"];
            };
        };
        responses: {
            /** @description The user was created. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            /**
             * @description The request is malformed or fails validation. Two checks answer it, and a client reads a different field of each:
             *     - **The gateway's request validator** (type `/problems/validation`, no `errors`): a body that is not JSON or breaks
             *       the body's schema as JSON Schema draft 4 reads it (types, required and unknown properties, lengths, patterns,
             *       enums, bounds; not `format`), or a missing required parameter. `detail` is the validator's message, naming the
             *       field, e.g. `[object has missing required properties (["email"])]`.
             *     - **The function** (type `/problems/validation`, with `errors`): whatever passes the gateway but not the full
             *       schema (formats such as `email`, parameter values such as a `userId` that is not a UUID, `limit` out of range, a
             *       tampered cursor, an empty body); `errors` names each bad input by location and JSON pointer.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description No valid bearer token: it is missing, malformed, expired, not issued for this API, or (behind API Gateway,
             *     whose Cognito authorizer checks the operation's scopes) without the scope the operation needs.
             *     The body never says which. Behind API Gateway, its authorizer answers a missing or invalid token with
             *     `WWW-Authenticate`; a token the authorizer accepted but the function refused is answered by the function,
             *     whose `WWW-Authenticate` API Gateway renames to `X-Amzn-Remapped-WWW-Authenticate` (the local gateway does the same).
             */
            401: {
                headers: {
                    /**
                     * @description How to authenticate (RFC 6750 `Bearer`), when the gateway's authorizer refused the request.
                     * @example Bearer realm="users-api"
                     */
                    "WWW-Authenticate"?: string;
                    /**
                     * @description The function's RFC 6750 challenge, renamed by API Gateway, when the function refused the token.
                     * @example Bearer realm="users-api", error="invalid_token"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The API key is missing or unknown; or, when the function is called without API Gateway's authorizer in front
             *     (which answers a missing scope with `401`), the token lacks a scope this operation needs.
             */
            403: {
                headers: {
                    /**
                     * @description For a missing scope, the function's RFC 6750 `insufficient_scope` challenge (API Gateway renames a
                     *     function's `WWW-Authenticate` to this; the local gateway does the same).
                     * @example Bearer realm="users-api", error="insufficient_scope", scope="users:write"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state: the email belongs to another user, a request with the same `Idempotency-Key` is still running, or other requests kept changing the same user while this one retried (in the last two cases `Retry-After` says when to retry). */
            409: {
                headers: {
                    /**
                     * @description When the conflict is passing (an in-flight request with the same Idempotency-Key, concurrent writes to the user), seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request body is larger than the API accepts (16384 bytes). Behind API Gateway, a body over its own 10 MB
             *     limit never reaches the function: API Gateway refuses it with its fixed `{"message": "Request Too Long"}` as
             *     `application/json`, without CORS headers (it cannot be customised; the typed client turns it into a problem).
             */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The `Idempotency-Key` was already used on this operation with a different request (another path or body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is overloaded or unreachable. Retry after the number of seconds in `Retry-After`. */
            503: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description An `ETag` from an earlier response; when it still matches, the answer is `304 Not Modified` with no body.
                 * @example "1"
                 */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /**
                 * @description The user's id (UUID).
                 * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The user has not changed since the `ETag` in `If-None-Match`. No body. */
            304: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is malformed or fails validation. Two checks answer it, and a client reads a different field of each:
             *     - **The gateway's request validator** (type `/problems/validation`, no `errors`): a body that is not JSON or breaks
             *       the body's schema as JSON Schema draft 4 reads it (types, required and unknown properties, lengths, patterns,
             *       enums, bounds; not `format`), or a missing required parameter. `detail` is the validator's message, naming the
             *       field, e.g. `[object has missing required properties (["email"])]`.
             *     - **The function** (type `/problems/validation`, with `errors`): whatever passes the gateway but not the full
             *       schema (formats such as `email`, parameter values such as a `userId` that is not a UUID, `limit` out of range, a
             *       tampered cursor, an empty body); `errors` names each bad input by location and JSON pointer.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description No valid bearer token: it is missing, malformed, expired, not issued for this API, or (behind API Gateway,
             *     whose Cognito authorizer checks the operation's scopes) without the scope the operation needs.
             *     The body never says which. Behind API Gateway, its authorizer answers a missing or invalid token with
             *     `WWW-Authenticate`; a token the authorizer accepted but the function refused is answered by the function,
             *     whose `WWW-Authenticate` API Gateway renames to `X-Amzn-Remapped-WWW-Authenticate` (the local gateway does the same).
             */
            401: {
                headers: {
                    /**
                     * @description How to authenticate (RFC 6750 `Bearer`), when the gateway's authorizer refused the request.
                     * @example Bearer realm="users-api"
                     */
                    "WWW-Authenticate"?: string;
                    /**
                     * @description The function's RFC 6750 challenge, renamed by API Gateway, when the function refused the token.
                     * @example Bearer realm="users-api", error="invalid_token"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The API key is missing or unknown; or, when the function is called without API Gateway's authorizer in front
             *     (which answers a missing scope with `401`), the token lacks a scope this operation needs.
             */
            403: {
                headers: {
                    /**
                     * @description For a missing scope, the function's RFC 6750 `insufficient_scope` challenge (API Gateway renames a
                     *     function's `WWW-Authenticate` to this; the local gateway does the same).
                     * @example Bearer realm="users-api", error="insufficient_scope", scope="users:write"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No resource at this URL (unknown route or no such user). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is overloaded or unreachable. Retry after the number of seconds in `Retry-After`. */
            503: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The `ETag` of the version this change is based on (optimistic concurrency). **Required**: without it
                 *     the API answers `428 Precondition Required`, so an update can never silently overwrite someone else's.
                 *     A different current version answers `412 Precondition Failed` and changes nothing. `*` explicitly
                 *     accepts whatever version is current.
                 * @example "1"
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key (for example a UUID) that makes retrying a change safe. The same key on the same operation with
                 *     the same request (path and body) within 24 hours replays the original response and changes nothing again; the
                 *     same key on the same operation with a different request answers `422`; a retry while the first request is still
                 *     running answers `409` with `Retry-After`. Keys are per caller and per operation: the same key sent to another
                 *     operation is another request.
                 * @example 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /**
                 * @description The user's id (UUID).
                 * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserRequest"];
            };
        };
        responses: {
            /** @description The user was updated. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            /**
             * @description The request is malformed or fails validation. Two checks answer it, and a client reads a different field of each:
             *     - **The gateway's request validator** (type `/problems/validation`, no `errors`): a body that is not JSON or breaks
             *       the body's schema as JSON Schema draft 4 reads it (types, required and unknown properties, lengths, patterns,
             *       enums, bounds; not `format`), or a missing required parameter. `detail` is the validator's message, naming the
             *       field, e.g. `[object has missing required properties (["email"])]`.
             *     - **The function** (type `/problems/validation`, with `errors`): whatever passes the gateway but not the full
             *       schema (formats such as `email`, parameter values such as a `userId` that is not a UUID, `limit` out of range, a
             *       tampered cursor, an empty body); `errors` names each bad input by location and JSON pointer.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description No valid bearer token: it is missing, malformed, expired, not issued for this API, or (behind API Gateway,
             *     whose Cognito authorizer checks the operation's scopes) without the scope the operation needs.
             *     The body never says which. Behind API Gateway, its authorizer answers a missing or invalid token with
             *     `WWW-Authenticate`; a token the authorizer accepted but the function refused is answered by the function,
             *     whose `WWW-Authenticate` API Gateway renames to `X-Amzn-Remapped-WWW-Authenticate` (the local gateway does the same).
             */
            401: {
                headers: {
                    /**
                     * @description How to authenticate (RFC 6750 `Bearer`), when the gateway's authorizer refused the request.
                     * @example Bearer realm="users-api"
                     */
                    "WWW-Authenticate"?: string;
                    /**
                     * @description The function's RFC 6750 challenge, renamed by API Gateway, when the function refused the token.
                     * @example Bearer realm="users-api", error="invalid_token"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The API key is missing or unknown; or, when the function is called without API Gateway's authorizer in front
             *     (which answers a missing scope with `401`), the token lacks a scope this operation needs.
             */
            403: {
                headers: {
                    /**
                     * @description For a missing scope, the function's RFC 6750 `insufficient_scope` challenge (API Gateway renames a
                     *     function's `WWW-Authenticate` to this; the local gateway does the same).
                     * @example Bearer realm="users-api", error="insufficient_scope", scope="users:write"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No resource at this URL (unknown route or no such user). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state: the email belongs to another user, a request with the same `Idempotency-Key` is still running, or other requests kept changing the same user while this one retried (in the last two cases `Retry-After` says when to retry). */
            409: {
                headers: {
                    /**
                     * @description When the conflict is passing (an in-flight request with the same Idempotency-Key, concurrent writes to the user), seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` does not match the user's current `ETag`: someone changed it since you read it. Nothing was changed; read it again and retry. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request body is larger than the API accepts (16384 bytes). Behind API Gateway, a body over its own 10 MB
             *     limit never reaches the function: API Gateway refuses it with its fixed `{"message": "Request Too Long"}` as
             *     `application/json`, without CORS headers (it cannot be customised; the typed client turns it into a problem).
             */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The `Idempotency-Key` was already used on this operation with a different request (another path or body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` is missing. Send the `ETag` from your last read (or `*` to accept any version). */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is overloaded or unreachable. Retry after the number of seconds in `Retry-After`. */
            503: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The `ETag` of the version this change is based on (optimistic concurrency). **Required**: without it
                 *     the API answers `428 Precondition Required`, so an update can never silently overwrite someone else's.
                 *     A different current version answers `412 Precondition Failed` and changes nothing. `*` explicitly
                 *     accepts whatever version is current.
                 * @example "1"
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description A unique key (for example a UUID) that makes retrying a change safe. The same key on the same operation with
                 *     the same request (path and body) within 24 hours replays the original response and changes nothing again; the
                 *     same key on the same operation with a different request answers `422`; a retry while the first request is still
                 *     running answers `409` with `Retry-After`. Keys are per caller and per operation: the same key sent to another
                 *     operation is another request.
                 * @example 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /**
                 * @description The user's id (UUID).
                 * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /**
             * @description The request is malformed or fails validation. Two checks answer it, and a client reads a different field of each:
             *     - **The gateway's request validator** (type `/problems/validation`, no `errors`): a body that is not JSON or breaks
             *       the body's schema as JSON Schema draft 4 reads it (types, required and unknown properties, lengths, patterns,
             *       enums, bounds; not `format`), or a missing required parameter. `detail` is the validator's message, naming the
             *       field, e.g. `[object has missing required properties (["email"])]`.
             *     - **The function** (type `/problems/validation`, with `errors`): whatever passes the gateway but not the full
             *       schema (formats such as `email`, parameter values such as a `userId` that is not a UUID, `limit` out of range, a
             *       tampered cursor, an empty body); `errors` names each bad input by location and JSON pointer.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description No valid bearer token: it is missing, malformed, expired, not issued for this API, or (behind API Gateway,
             *     whose Cognito authorizer checks the operation's scopes) without the scope the operation needs.
             *     The body never says which. Behind API Gateway, its authorizer answers a missing or invalid token with
             *     `WWW-Authenticate`; a token the authorizer accepted but the function refused is answered by the function,
             *     whose `WWW-Authenticate` API Gateway renames to `X-Amzn-Remapped-WWW-Authenticate` (the local gateway does the same).
             */
            401: {
                headers: {
                    /**
                     * @description How to authenticate (RFC 6750 `Bearer`), when the gateway's authorizer refused the request.
                     * @example Bearer realm="users-api"
                     */
                    "WWW-Authenticate"?: string;
                    /**
                     * @description The function's RFC 6750 challenge, renamed by API Gateway, when the function refused the token.
                     * @example Bearer realm="users-api", error="invalid_token"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The API key is missing or unknown; or, when the function is called without API Gateway's authorizer in front
             *     (which answers a missing scope with `401`), the token lacks a scope this operation needs.
             */
            403: {
                headers: {
                    /**
                     * @description For a missing scope, the function's RFC 6750 `insufficient_scope` challenge (API Gateway renames a
                     *     function's `WWW-Authenticate` to this; the local gateway does the same).
                     * @example Bearer realm="users-api", error="insufficient_scope", scope="users:write"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No resource at this URL (unknown route or no such user). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state: the email belongs to another user, a request with the same `Idempotency-Key` is still running, or other requests kept changing the same user while this one retried (in the last two cases `Retry-After` says when to retry). */
            409: {
                headers: {
                    /**
                     * @description When the conflict is passing (an in-flight request with the same Idempotency-Key, concurrent writes to the user), seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` does not match the user's current `ETag`: someone changed it since you read it. Nothing was changed; read it again and retry. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The `Idempotency-Key` was already used on this operation with a different request (another path or body). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` is missing. Send the `ETag` from your last read (or `*` to accept any version). */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is overloaded or unreachable. Retry after the number of seconds in `Retry-After`. */
            503: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAvatar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's id (UUID).
                 * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The avatar is at `Location`, a presigned URL valid for a short time. */
            302: {
                headers: {
                    /** @description Presigned download URL of the avatar. */
                    Location: string;
                    /** @description `no-store`: the URL expires, so neither it nor this answer may be cached. */
                    "Cache-Control": "no-store";
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is malformed or fails validation. Two checks answer it, and a client reads a different field of each:
             *     - **The gateway's request validator** (type `/problems/validation`, no `errors`): a body that is not JSON or breaks
             *       the body's schema as JSON Schema draft 4 reads it (types, required and unknown properties, lengths, patterns,
             *       enums, bounds; not `format`), or a missing required parameter. `detail` is the validator's message, naming the
             *       field, e.g. `[object has missing required properties (["email"])]`.
             *     - **The function** (type `/problems/validation`, with `errors`): whatever passes the gateway but not the full
             *       schema (formats such as `email`, parameter values such as a `userId` that is not a UUID, `limit` out of range, a
             *       tampered cursor, an empty body); `errors` names each bad input by location and JSON pointer.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description No valid bearer token: it is missing, malformed, expired, not issued for this API, or (behind API Gateway,
             *     whose Cognito authorizer checks the operation's scopes) without the scope the operation needs.
             *     The body never says which. Behind API Gateway, its authorizer answers a missing or invalid token with
             *     `WWW-Authenticate`; a token the authorizer accepted but the function refused is answered by the function,
             *     whose `WWW-Authenticate` API Gateway renames to `X-Amzn-Remapped-WWW-Authenticate` (the local gateway does the same).
             */
            401: {
                headers: {
                    /**
                     * @description How to authenticate (RFC 6750 `Bearer`), when the gateway's authorizer refused the request.
                     * @example Bearer realm="users-api"
                     */
                    "WWW-Authenticate"?: string;
                    /**
                     * @description The function's RFC 6750 challenge, renamed by API Gateway, when the function refused the token.
                     * @example Bearer realm="users-api", error="invalid_token"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The API key is missing or unknown; or, when the function is called without API Gateway's authorizer in front
             *     (which answers a missing scope with `401`), the token lacks a scope this operation needs.
             */
            403: {
                headers: {
                    /**
                     * @description For a missing scope, the function's RFC 6750 `insufficient_scope` challenge (API Gateway renames a
                     *     function's `WWW-Authenticate` to this; the local gateway does the same).
                     * @example Bearer realm="users-api", error="insufficient_scope", scope="users:write"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No resource at this URL (unknown route or no such user). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is overloaded or unreachable. Retry after the number of seconds in `Retry-After`. */
            503: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestAvatarUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The user's id (UUID).
                 * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AvatarUploadRequest"];
            };
        };
        responses: {
            /** @description Where and how to upload, valid until `expiresAt`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AvatarUpload"];
                };
            };
            /**
             * @description The request is malformed or fails validation. Two checks answer it, and a client reads a different field of each:
             *     - **The gateway's request validator** (type `/problems/validation`, no `errors`): a body that is not JSON or breaks
             *       the body's schema as JSON Schema draft 4 reads it (types, required and unknown properties, lengths, patterns,
             *       enums, bounds; not `format`), or a missing required parameter. `detail` is the validator's message, naming the
             *       field, e.g. `[object has missing required properties (["email"])]`.
             *     - **The function** (type `/problems/validation`, with `errors`): whatever passes the gateway but not the full
             *       schema (formats such as `email`, parameter values such as a `userId` that is not a UUID, `limit` out of range, a
             *       tampered cursor, an empty body); `errors` names each bad input by location and JSON pointer.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description No valid bearer token: it is missing, malformed, expired, not issued for this API, or (behind API Gateway,
             *     whose Cognito authorizer checks the operation's scopes) without the scope the operation needs.
             *     The body never says which. Behind API Gateway, its authorizer answers a missing or invalid token with
             *     `WWW-Authenticate`; a token the authorizer accepted but the function refused is answered by the function,
             *     whose `WWW-Authenticate` API Gateway renames to `X-Amzn-Remapped-WWW-Authenticate` (the local gateway does the same).
             */
            401: {
                headers: {
                    /**
                     * @description How to authenticate (RFC 6750 `Bearer`), when the gateway's authorizer refused the request.
                     * @example Bearer realm="users-api"
                     */
                    "WWW-Authenticate"?: string;
                    /**
                     * @description The function's RFC 6750 challenge, renamed by API Gateway, when the function refused the token.
                     * @example Bearer realm="users-api", error="invalid_token"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The API key is missing or unknown; or, when the function is called without API Gateway's authorizer in front
             *     (which answers a missing scope with `401`), the token lacks a scope this operation needs.
             */
            403: {
                headers: {
                    /**
                     * @description For a missing scope, the function's RFC 6750 `insufficient_scope` challenge (API Gateway renames a
                     *     function's `WWW-Authenticate` to this; the local gateway does the same).
                     * @example Bearer realm="users-api", error="insufficient_scope", scope="users:write"
                     */
                    "X-Amzn-Remapped-WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No resource at this URL (unknown route or no such user). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The path exists but not with this method; `Allow` lists the methods it has. */
            405: {
                headers: {
                    /**
                     * @description Methods this path supports.
                     * @example GET, POST, OPTIONS
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request body is larger than the API accepts (16384 bytes). Behind API Gateway, a body over its own 10 MB
             *     limit never reaches the function: API Gateway refuses it with its fixed `{"message": "Request Too Long"}` as
             *     `application/json`, without CORS headers (it cannot be customised; the typed client turns it into a problem).
             */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description Too many requests: the API key's usage plan is exhausted (rate, burst or daily quota), or the firewall's per-address
             *     limit was reached. Retry after `Retry-After` seconds. The firewall cannot send `application/problem+json`, so its
             *     answer is the same problem document as `application/json`.
             */
            429: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description API Gateway could not get a valid answer from the function (it failed to start, crashed, or answered malformed).
             *     Nothing is known to have happened: retry a read; retry a write with the same `Idempotency-Key`, or read it back.
             */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is overloaded or unreachable. Retry after the number of seconds in `Retry-After`. */
            503: {
                headers: {
                    /**
                     * @description Seconds to wait before retrying.
                     * @example 1
                     */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The function did not answer within API Gateway's integration timeout. A write may still have completed: retry it
             *     with the same `Idempotency-Key`, or read it back, before sending it again.
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
