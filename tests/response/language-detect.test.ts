/**
 * Language detection for untagged code blocks: which language each kind of
 * snippet is taken for (characterized on the detector as it was before its
 * rules were made linear, so the rewrite keeps its judgement), and that no
 * input can make it take super-linear time.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '@/lib/response/language-detect';

const CASES: [name: string, code: string, language: string][] = [
  ['python def', 'def hello(name):\n    print("hi", name)\n', 'python'],
  ['python typed def', 'def add(a: int, b: int) -> int:\n    return a + b\n', 'python'],
  ['python typed list', 'def f(xs) -> List[int, str]:\n    return xs\n', 'python'],
  ['python class', 'class Dog(Animal):\n    def bark(self):\n        return self.name\n', 'python'],
  ['python import', 'import os.path\nfrom typing import List\n\nx = os.path.join("a", "b")\n', 'python'],
  ['python main', 'if __name__ == "__main__":\n    main()\n', 'python'],
  ['python only indent', 'for x in xs:\n    total += x\n', ''],
  ['typescript interface', 'interface User {\n  id: string;\n  age: number;\n}\n', 'typescript'],
  ['typescript type', 'type Id = string;\nexport const id: Id = "a";\n', 'typescript'],
  ['typescript generic call', 'const m = useState<string, number>(init);\n', 'typescript'],
  ['typescript enum', 'enum Color { Red, Green }\n', 'typescript'],
  ['javascript const', 'const add = (a, b) => a + b;\nconsole.log(add(1, 2));\n', 'javascript'],
  ['javascript require', "const fs = require('fs');\nmodule.exports = { read };\n", 'javascript'],
  ['javascript dom', "document.querySelector('#b').addEventListener('click', go);\n", 'javascript'],
  ['javascript function', 'function greet(name) {\n  return "hi " + name;\n}\n', 'javascript'],
  ['bash install', 'npm install zod\nnpm run build\n', 'bash'],
  ['bash prompt', '$ ls -la\n$ cd src\n', 'bash'],
  ['bash shebang', '#!/bin/bash\necho "hi"\nmkdir -p out\n', 'bash'],
  ['bash git', 'git clone https://example.com/r.git\ncd r\n', 'bash'],
  ['bash docker', 'docker run -it ubuntu\n', 'bash'],
  ['sql select', 'SELECT id, name FROM users WHERE id = 1;\n', 'sql'],
  ['sql create', 'create table t (id int);\ninsert into t values (1);\n', 'sql'],
  ['json object', '{ "a": 1, "b": [1, 2] }', 'json'],
  ['json array', '[1, 2, 3]', 'json'],
  ['broken json', '{ a: 1 }', ''],
  ['html page', '<!doctype html>\n<html>\n<body><p>Hi</p></body>\n</html>\n', 'html'],
  ['html div', '<div class="x">\n  <span>hi</span>\n</div>\n', 'html'],
  ['css rule', '.card {\n  color: red;\n  margin: 0 auto;\n}\n', 'css'],
  ['css selector chain', 'nav > ul li.active a {\n  color: blue;\n}\n', 'css'],
  ['css combinators', 'h1 + p ~ span {\n  margin: 0;\n}\n', 'css'],
  ['css media', '@media (max-width: 600px) {\n  body { font-size: 14px; }\n}\n', 'css'],
  ['css root', ':root {\n  --accent: #f00;\n}\n', 'css'],
  ['css id', '#main {\n  display: flex;\n}\n', 'css'],
  ['css declarations only', 'color: red;\nbackground: blue;\n', 'css'],
  ['go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n', 'go'],
  ['go method', 'func (s *Server) Start() error {\n\treturn nil\n}\n', 'go'],
  ['go short assign', 'x := 1\ny := 2\n', ''],
  ['rust', 'fn main() {\n    let mut v = Vec::new();\n    v.push(1);\n}\n', 'rust'],
  ['rust impl', 'impl<T> Stack<T> {\n    pub fn new() -> Self { Stack { items: vec![] } }\n}\n', 'rust'],
  ['rust derive', '#[derive(Debug)]\nstruct P { x: i32 }\n', 'rust'],
  [
    'java',
    'public class Main {\n  public static void main(String[] args) {\n    System.out.println("hi");\n  }\n}\n',
    'java',
  ],
  ['java override', '@Override\npublic String toString() { return "x"; }\n', 'java'],
  [
    'csharp',
    'using System;\nnamespace App {\n  class P { static void Main() { Console.WriteLine("hi"); } }\n}\n',
    'csharp',
  ],
  ['cpp', '#include <iostream>\nint main() {\n  std::cout << "hi";\n}\n', 'cpp'],
  ['cpp template', 'template <typename T>\nT max(T a, T b) { return a > b ? a : b; }\n', 'cpp'],
  ['php', '<?php\n$x = 1;\necho $x;\n', ''],
  ['ruby', 'def greet(name)\n  puts "hi #{name}"\nend\n', 'ruby'],
  ['ruby class', 'class Dog < Animal\n  def bark\n    puts "woof"\n  end\nend\n', 'ruby'],
  ['yaml', 'name: app\nversion: 1.0\nservices:\n  web:\n    image: nginx\n', ''],
  ['dockerfile', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n', 'dockerfile'],
  ['diff', 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n', 'diff'],
  ['plain prose', 'This is just some prose about the code above.', ''],
  ['a call', 'calculateTotalPriceIncludingTaxesForCustomer();', ''],
  ['empty', '   \n  ', ''],
  ['a path', 'src/app/page.tsx', ''],
  ['a log', 'Error: ENOENT: no such file or directory, open "x"\n    at Object.openSync (fs.js:1:1)\n', ''],
  ['mixed ts py', 'def f():\n    pass\ninterface A { x: string }\n', 'python'],
];

describe('detectLanguage', () => {
  it.each(CASES)('%s', (_name, code, language) => {
    expect(detectLanguage(code)).toBe(language);
  });

  it('reads CRLF text like LF text', () => {
    for (const [, code, language] of CASES) expect(detectLanguage(code.replace(/\n/g, '\r\n'))).toBe(language);
  });

  it('answers at once for a long identifier call (the reported freeze)', () => {
    // Before the fix the CSS selector rule backtracked exponentially on any run
    // of word characters: this line never finished and froze the tab.
    expect(detectLanguage('calculateTotalPriceIncludingTaxesForCustomer();')).toBe('');
    expect(detectLanguage('This is just some prose about the code above, with a few more words in it.')).toBe('');
  });

  it('still recognizes the language when the block goes on for megabytes', () => {
    const python = 'def main():\n    print("hi")\n';
    expect(detectLanguage(python + 'x = 1\n'.repeat(500_000))).toBe('python');
  });
});
