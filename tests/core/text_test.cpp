#include <doctest/doctest.h>

#include "text.hpp"

using namespace empathy::text;

namespace {
std::vector<std::string> norms(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : analyze(s).tokens) out.push_back(t.norm);
  return out;
}
}  // namespace

TEST_CASE("words are case-folded and punctuation is not a token") {
  CHECK(norms("Hello, WORLD!") == std::vector<std::string>{"hello", "world"});
}

TEST_CASE("a token's norm has no accents, as many customers type") {
  CHECK(norms("Está HARTA, ça déçoit") == std::vector<std::string>{"esta", "harta", "ca", "decoit"});
  CHECK(norms("CAFÉ Zoë") == std::vector<std::string>{"cafe", "zoe"});
  CHECK(norms("Straße Œuvre Ærø Łódź İstanbul") ==
        std::vector<std::string>{"strasse", "oeuvre", "aero", "lodz", "istanbul"});
  CHECK(norms("e\u0301te\u0301") == std::vector<std::string>{"ete"});  // combining accents
  CHECK(norms("c’est l'appel d'aujourd’hui") == std::vector<std::string>{"c'est", "l'appel", "d'aujourd'hui"});
  CHECK(norms("Ярость and ζ stay") == std::vector<std::string>{"ярость", "and", "ζ", "stay"});
  // The model's words are read the same way, so a pattern matches with or without accents.
  CHECK(fold_word("Está") == "esta");
  CHECK(fold_word("C’EST") == "c'est");
  CHECK(fold_word("größte") == "grosste");
}

TEST_CASE("English contractions expand only in English: other languages keep their words") {
  const auto words = [](std::string_view s) {
    std::vector<std::string> out;
    for (const auto& t : analyze(s, false).tokens) out.push_back(t.norm);
    return out;
  };
  CHECK(words("Ich bin im Krankenhaus, geht's?") ==
        std::vector<std::string>{"ich", "bin", "im", "krankenhaus", "geht's"});
  CHECK(words("J’ai dit qu'il n'est pas là") == std::vector<std::string>{"j'ai", "dit", "qu'il", "n'est", "pas", "la"});
  CHECK(norms("im sorry") == std::vector<std::string>{"i", "am", "sorry"});
}

TEST_CASE("contractions expand, with straight and curly apostrophes") {
  CHECK(norms("I'm sorry") == std::vector<std::string>{"i", "am", "sorry"});
  CHECK(norms("I\xE2\x80\x99m sorry") == std::vector<std::string>{"i", "am", "sorry"});
  CHECK(norms("can't") == std::vector<std::string>{"can", "not"});
  CHECK(norms("cannot") == std::vector<std::string>{"can", "not"});
  CHECK(norms("won't") == std::vector<std::string>{"will", "not"});
  CHECK(norms("don't") == std::vector<std::string>{"do", "not"});
  CHECK(norms("it's") == std::vector<std::string>{"it", "is"});
  CHECK(norms("let's") == std::vector<std::string>{"let", "us"});
  CHECK(norms("y'all") == std::vector<std::string>{"you", "all"});
  CHECK(norms("we'll") == std::vector<std::string>{"we", "will"});
  CHECK(norms("dont") == std::vector<std::string>{"do", "not"});
}

TEST_CASE("a possessive 's stays a token of its own, but 'ill' is a word") {
  CHECK(norms("mum's card") == std::vector<std::string>{"mum", "'s", "card"});
  CHECK(norms("I feel ill") == std::vector<std::string>{"i", "feel", "ill"});
}

TEST_CASE("a contraction's tokens share the surface span") {
  const auto a = analyze("I can't");
  REQUIRE(a.tokens.size() == 3);
  CHECK(a.tokens[1].start == 2);
  CHECK(a.tokens[1].end == 7);
  CHECK(a.tokens[2].start == 2);
  CHECK(a.tokens[2].end == 7);
}

TEST_CASE("sentences end at . ! ? and semicolons and line breaks, and record their terminators") {
  const auto a = analyze("Where is it?! I paid.\nNothing came");
  REQUIRE(a.sentences.size() == 3);
  CHECK(a.sentences[0].question);
  CHECK(a.sentences[0].exclamations == 1);
  CHECK(a.sentences[1].terminator == '.');
  CHECK(a.sentences[2].end == std::string_view("Where is it?! I paid.\nNothing came").size());
  CHECK(a.tokens.back().sentence == 2);
}

TEST_CASE("a decimal point does not end a sentence") {
  const auto a = analyze("It costs 3.50 now.");
  CHECK(a.sentences.size() == 1);
  CHECK(norms("It costs 3.50 now.")[2] == "3.50");
}

TEST_CASE("commas start a new clause within the sentence") {
  const auto a = analyze("No, I am sorry");
  CHECK(a.tokens[0].clause != a.tokens[1].clause);
  CHECK(a.tokens[0].sentence == a.tokens[1].sentence);
}

TEST_CASE("capitals are counted for shouting") {
  const auto a = analyze("WHERE IS MY ORDER");
  CHECK(a.letters == 14);
  CHECK(a.capitals == 14);
  CHECK(a.tokens[0].caps);
  CHECK_FALSE(analyze("I am here").tokens[0].caps);
}

TEST_CASE("invalid UTF-8 decodes as U+FFFD one byte at a time") {
  const std::string bad = "ok \xFF\xC3 fine";
  CHECK(decode(bad, 3).code == 0xFFFD);
  CHECK(decode(bad, 3).length == 1);
  CHECK(sanitize_utf8(bad) == "ok \xEF\xBF\xBD\xEF\xBF\xBD fine");
  CHECK(norms(bad) == std::vector<std::string>{"ok", "fine"});
  CHECK(sanitize_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(sanitize_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-8 surrogate
}

TEST_CASE("an emoji is a token of its own") {
  CHECK(norms("great \xF0\x9F\x98\xA1") == std::vector<std::string>{"great", "\xF0\x9F\x98\xA1"});
}

TEST_CASE("UTF-16 offsets count astral characters as two units") {
  const std::string s =
      "a\xF0\x9F\x98\xA1"
      "b\xC3\xA9";  // a, emoji (4 bytes), b, é (2 bytes)
  const Utf16Offsets u(s);
  CHECK(u(0) == 0);
  CHECK(u(1) == 1);
  CHECK(u(5) == 3);
  CHECK(u(6) == 4);
  CHECK(u(8) == 5);
  CHECK(u(100) == 5);
}

TEST_CASE("stemming joins the forms of a word") {
  CHECK(stem("refunds") == stem("refund"));
  CHECK(stem("charged") == stem("charging"));
  CHECK(stem("deliveries") == stem("delivery"));
}

TEST_CASE("the trailing word starts after the last character that is not a letter, digit or apostrophe") {
  using empathy::text::trailing_word_start;
  CHECK(trailing_word_start("calm dow") == 5);
  CHECK(trailing_word_start("calm down ") == 10);
  CHECK(trailing_word_start("calm down\u2026") == 12);       // "…" ends no word
  CHECK(trailing_word_start("calm down \U0001F642") == 14);  // nor does an emoji
  CHECK(trailing_word_start("un caf\u00E9") == 3);           // an accented word is one word
  CHECK(trailing_word_start("I don\u2019") == 2);            // an apostrophe continues it
  CHECK(trailing_word_start("bad \xFF") == 5);               // a broken byte is no letter
  CHECK(trailing_word_start("") == 0);
  CHECK(trailing_word_start("word") == 0);
}
