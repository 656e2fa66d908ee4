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
         * @description Returns one bounded page of users, oldest first.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user
         * @description Creates a user. `name` and `email` are required, `phone` is optional (E.164).
         *     The server sets `userId`, `createdAt` and `updatedAt`, and answers with the
         *     new user's URL in `Location`.
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
        /** Get a user */
        get: operations["getUser"];
        /**
         * Update a user (partial)
         * @description Changes only the fields sent (at least one of `name`, `email`, `phone`);
         *     the others keep their values. `updatedAt` is set by the server.
         */
        put: operations["updateUser"];
        post?: never;
        /** Delete a user */
        delete: operations["deleteUser"];
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
         * Format: uuid
         * @description Server-assigned identifier (UUID v4).
         */
        UserId: string;
        /** @description Display name. Leading or trailing spaces are kept as sent. */
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
        /** @description A user as stored by the API. */
        User: {
            userId: components["schemas"]["UserId"];
            name: components["schemas"]["UserName"];
            email: components["schemas"]["Email"];
            phone?: components["schemas"]["Phone"];
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
        };
        /** @description One page of users. */
        UserList: {
            users: components["schemas"]["User"][];
            /** @description Number of users in this page. */
            count: number;
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
    };
    responses: never;
    parameters: {
        /**
         * @description The user's id (UUID).
         * @example 3fa85f64-5717-4562-b3fc-2c963f66afa6
         */
        UserId: components["schemas"]["UserId"];
    };
    requestBodies: never;
    headers: {
        /**
         * @description URL path of the created user.
         * @example /users/3fa85f64-5717-4562-b3fc-2c963f66afa6
         */
        Location: string;
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
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
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
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users. `count` is the number of users in this page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /** @description The request is malformed or fails validation; `errors` names each bad input. */
            400: {
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
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
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
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            /** @description The request is malformed or fails validation; `errors` names each bad input. */
            400: {
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
            /** @description The request body is larger than the API accepts. */
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
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
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
        };
    };
    getUser: {
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
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is malformed or fails validation; `errors` names each bad input. */
            400: {
                headers: {
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
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
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
        };
    };
    updateUser: {
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
                "application/json": components["schemas"]["UpdateUserRequest"];
            };
        };
        responses: {
            /** @description The user was updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            /** @description The request is malformed or fails validation; `errors` names each bad input. */
            400: {
                headers: {
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
            /** @description The request body is larger than the API accepts. */
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
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
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
        };
    };
    deleteUser: {
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
            /** @description The user was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The request is malformed or fails validation; `errors` names each bad input. */
            400: {
                headers: {
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
            /** @description Something failed on the server. The body carries only the request id; details are in the logs. */
            500: {
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
        };
    };
}
