// undici's files have no declarations of their own; undici-parts.ts gives each its public type.
declare module 'undici/lib/dispatcher/agent.js' {
	const agent: unknown;
	export default agent;
}

declare module 'undici/lib/dispatcher/client.js' {
	const client: unknown;
	export default client;
}

declare module 'undici/lib/core/connect.js' {
	const connect: unknown;
	export default connect;
}
