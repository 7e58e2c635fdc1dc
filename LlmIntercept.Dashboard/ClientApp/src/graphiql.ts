import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { apiUrl, jsonHeaders } from './api';

const fetcher = createGraphiQLFetcher({ url: apiUrl('graphql'), headers: jsonHeaders });

const defaultQuery = `# Requests that failed in the last day, newest first.
query FailedToday($from: DateTime) {
  requests(filter: { status: "error", from: $from }, pageSize: 10) {
    totalCount
    items { id timestamp model outcome statusCode responseTimeMs preview }
  }
}
`;

const variables = JSON.stringify({ from: new Date(Date.now() - 86_400_000).toISOString() }, null, 2);

const logo = createElement(
  GraphiQL.Logo,
  null,
  createElement('a', { href: apiUrl(''), class: 'back-to-dashboard' }, '← LLM Intercept'),
);

createRoot(document.getElementById('graphiql')!).render(
  createElement(GraphiQL, { fetcher, defaultQuery, initialVariables: variables }, logo),
);
