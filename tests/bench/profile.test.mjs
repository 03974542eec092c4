// The profile step of bench/run.mjs reads callgrind_annotate's output; a smoke run skips
// valgrind (too slow), so the parsing is checked here on a captured sample.
import { test } from "node:test";
import assert from "node:assert/strict";
import { areaOf, parseAnnotate, shortName } from "../../bench/native.mjs";

const SAMPLE = `--------------------------------------------------------------------------------
Ir                   file:function
--------------------------------------------------------------------------------
52,188,644 (10.89%)  ???:empathy::text::analyze(std::basic_string_view<char, std::char_traits<char> >)::{lambda()#1}::operator()() const [clone .part.0] [/work/main/build/release/bench/empathy_bench]
27,361,767 ( 5.71%)  ./string/../sysdeps/x86_64/multiarch/memcmp-avx2-movbe.S:__memcmp_avx2_movbe [/usr/lib/x86_64-linux-gnu/libc.so.6]
25,332,073 ( 5.29%)  ???:nlohmann::json_abi_v3_11_2::detail::lexer<nlohmann::json_abi_v3_11_2::basic_json<std::map, std::vector, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, bool, long, unsigned long, double, std::allocator, nlohmann::json_abi_v3_11_2::adl_serializer, std::vector<unsigned char, std::allocator<unsigned char> > >, nlohmann::json_abi_v3_11_2::detail::iterator_input_adapter<__gnu_cxx::__normal_iterator<char const*, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > > > >::get() [/work/main/build/release/bench/empathy_bench]
23,555,190 ( 4.92%)  ./malloc/./malloc/malloc.c:_int_free [/usr/lib/x86_64-linux-gnu/libc.so.6]
`;

test("callgrind_annotate lines become functions with their instruction counts", () => {
  const rows = parseAnnotate(SAMPLE);
  assert.equal(rows.length, 4);
  assert.equal(rows[0].ir, 52188644);
  assert.equal(shortName(rows[0].name), "empathy::text::analyze::{lambda#1}::operator() const [clone .part.0]");
  assert.equal(shortName(rows[2].name), "nlohmann::detail::lexer::get");
  assert.equal(rows[3].name, "_int_free");
});

test("functions are grouped into the engine's areas", () => {
  const areas = parseAnnotate(SAMPLE).map((r) => areaOf(r.name));
  assert.deepEqual(areas, ["text: UTF-8, tokens, sentences, stems", "libc string ops", "JSON in: request", "allocator"]);
  assert.equal(areaOf("empathy::Matcher::find(std::vector<empathy::text::Token> const&) const"), "matcher: lexicon automaton");
  const writer = "empathy::(anonymous namespace)::write_result_fields(empathy::(anonymous namespace)::Writer&, empathy::Result const&)";
  assert.equal(shortName(writer), "empathy::(anonymous namespace)::write_result_fields");
  assert.equal(areaOf(writer), "JSON out: result object");
});
