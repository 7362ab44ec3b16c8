// Tailwind 4 is configured in CSS (app/globals.css: @theme, @custom-variant dark). This file only
// documents where content comes from for editors that look for it.
export default { content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'] };
