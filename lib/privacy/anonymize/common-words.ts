/**
 * Words that are never taken for a name, even capitalised after "I'm" or
 * "Author:": frequent English words and the names of languages, tools,
 * days and months that developers write with a capital.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  // Frequent English words (function words, verbs, adjectives that start a clause).
  (
    'a about above after again against all almost also always am an and another any anyone anything are around as ask at ' +
    'away back bad be because been before being below best better between both but by can cannot could did do does doing ' +
    'done down during each either else even ever every few find fine first for from full get getting give glad go going gone ' +
    'good got had happy has have having he her here him his how i if in into is it its just keen know last late least less ' +
    'let like little long look looking lost make many may me more most much must my need new next no none not nothing now of ' +
    'off often ok okay old on once one only or other our out over own please pretty quite rather ready really right same ' +
    'see seeing she should since so some someone something sorry still stuck such sure take than thank thanks that the ' +
    'their them then there these they thing things think this those though through to today too trying under until up ' +
    'us use used using very want wanting was way we well were what when where which while who why will with without ' +
    'work working would wrong yes yet you your afraid able aware back based building confused curious currently ' +
    'developing doing done excited familiar fairly final finally happy here hoping interested investigating just ' +
    'learning migrating moving new not now only out planning porting pretty really running seeing setting still ' +
    'stuck sure testing tired totally trying unable unsure upgrading using writing hi hello hey dear team all everyone ' +
    'folks guys sir madam admin user users root guest support help bot assistant developer engineer maintainer ' +
    // Days, months.
    'monday tuesday wednesday thursday friday saturday sunday january february march april june july august september ' +
    'october november december ' +
    // Languages, runtimes, tools, companies and products.
    'javascript typescript python java kotlin swift rust go golang ruby php perl scala haskell elixir erlang clojure dart ' +
    'lua julia bash shell powershell sql html css sass node nodejs deno bun react vue angular svelte next nextjs nuxt remix ' +
    'astro vite webpack rollup babel jest vitest mocha cypress playwright django flask fastapi rails laravel spring express ' +
    'docker kubernetes helm terraform ansible linux ubuntu debian fedora windows mac macos ios android chrome chromium ' +
    'firefox safari edge git github gitlab bitbucket npm yarn pnpm pip conda poetry cargo maven gradle postgres postgresql ' +
    'mysql sqlite mongo mongodb redis kafka rabbitmq elasticsearch aws azure gcp google amazon microsoft apple meta openai ' +
    'anthropic ollama llama mistral qwen claude copilot vscode vim emacs intellij xcode slack discord jira notion figma ' +
    'stripe twilio sendgrid firebase supabase vercel netlify heroku cloudflare nginx apache tomcat graphql rest grpc json ' +
    'yaml toml xml csv api cli sdk ui ux dev prod staging test tests debug release main master readme todo fixme note ' +
    'codelumi lumi error warning info'
  ).split(' '),
);
