/** React for previews: bundled once at build time, handed to preview panes as text, never fetched from a CDN. */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';

export { React, ReactDOM, ReactDOMClient, jsxRuntime };
