// Language identification (core/src/language.hpp) with the default model's languageId.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "language.hpp"
#include "model.hpp"

using test::model;
using test::request;

namespace {
std::string_view guess(std::string_view text) { return empathy::identify_language(model().language_id, text).code; }
}  // namespace

TEST_CASE("chat messages in each language the model knows are told apart") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"Hi, I was charged twice this month and nobody is answering my emails", "en"},
      {"Me han cobrado dos veces y nadie me ayuda, estoy harta!!", "es"},
      {"me cobraron dos veces y nadie me responde, q hago", "es"},
      {"Bonjour, on m'a débité deux fois et personne ne me répond", "fr"},
      {"bonjour jai ete debite deux fois et personne repond", "fr"},
      {"Mir wurde zweimal abgebucht und niemand antwortet mir", "de"},
      {"mir wurde zweimal abgebucht und keiner hilft mir, echt jetzt", "de"},
      {"Fui cobrada duas vezes e ninguém me responde", "pt"},
      {"fui cobrado duas vezes e ninguem me ajuda, pq isso??", "pt"},
      {"Mi hanno addebitato due volte e nessuno mi risponde", "it"},
      {"Obciążono mnie dwa razy i nikt mi nie odpowiada", "pl"},
  };
  for (const auto& [text, code] : cases) {
    CAPTURE(text);
    CHECK(guess(text) == code);
  }
}

TEST_CASE("too little text to tell is und, never a guess") {
  for (const char* text : {"", "ok", "?!", "12345", "👍", "Ja."}) {
    CAPTURE(text);
    CHECK(guess(text) == "und");
  }
}

TEST_CASE("a text mostly in a script none of the model's languages use is no language it knows") {
  // Cyrillic was once read as Polish and CJK as too short to tell, so the English model
  // scored both.
  for (const char* text :
       {"Здравствуйте, я проверю ваш заказ прямо сейчас, извините за задержку.",
        "Γεια σας, θα ελέγξω την παραγγελία σας τώρα.", "مرحبا، سأتحقق من طلبك الآن",
        "申し訳ございません、すぐに注文を確認いたします。", "주문을 지금 바로 확인해 드리겠습니다"}) {
    CAPTURE(text);
    const auto g = empathy::identify_language(model().language_id, text, "en");
    CHECK(g.code == "und");
    CHECK(g.unknown_script);
    const auto r = empathy::score(model(), request({}, text));
    CHECK(r.language == "und");
    CHECK_FALSE(r.supported);
  }
  // A name or a word in another script inside a Latin reply changes nothing; nor does a
  // word too short to count.
  const auto named = empathy::score(model(), request({}, "I'm so sorry, Mr 山田, I'll check your order now."));
  CHECK(named.language == "en");
  CHECK(named.supported);
  CHECK(empathy::score(model(), request({}, "Да")).supported);
  // A customer writing in another script: the English model cannot read their state.
  const auto after = empathy::score(
      model(), request({"Мой заказ так и не пришёл, я очень расстроена"}, "I'm sorry, I'll check your order now."));
  CHECK(after.language == "en");
  CHECK_FALSE(after.supported);
}

TEST_CASE("every result carries the draft's language, or the customer's while the draft is too short") {
  const auto es = empathy::score(model(), request({"Me han cobrado dos veces y nadie me ayuda, estoy harta!!"},
                                                  "Lo siento mucho, ya he devuelto el cargo duplicado."));
  CHECK(es.language == "es");
  const auto short_draft =
      empathy::score(model(), request({"Me han cobrado dos veces y nadie me ayuda, estoy harta!!"}, "Ok"));
  CHECK(short_draft.language == "es");
  const auto english =
      empathy::score(model(), request({"I was charged twice!!"}, "I'm sorry, I've refunded the duplicate charge."));
  CHECK(english.language == "en");
  CHECK(empathy::score(model(), request({}, "")).language == "und");
}

TEST_CASE("a conversation scores only the replies in a language the model reads") {
  empathy::Conversation c;
  c.id = "switch";
  c.turns = {
      {empathy::Role::customer,
       "Hola, mi pedido no ha llegado todavía y lo necesito para el cumpleaños de mi hija",
       {}},
      {empathy::Role::agent, "Lo siento mucho, lo reviso ahora mismo y le digo algo enseguida.", {}},
      {empathy::Role::customer,
       "Sorry, can we switch to English? My order still hasn't arrived and I'm really worried.",
       {}},
      {empathy::Role::agent, "Of course. I'm sorry it's late; I've checked and it arrives tomorrow before noon.", {}}};
  const auto r = empathy::score_conversation(model(), c);
  REQUIRE(r.turns.size() == 2);
  CHECK_FALSE(r.turns[0].second.supported);
  CHECK(r.turns[1].second.supported);
  CHECK(r.supported);
  CHECK(r.score == r.turns[1].second.score);  // the one reply read
  c.turns.resize(2);
  const auto spanish = empathy::score_conversation(model(), c);
  CHECK_FALSE(spanish.supported);
  CHECK(spanish.flags.empty());
}

TEST_CASE("a conversation's language is the one most of its replies are in") {
  empathy::Conversation c;
  c.id = "mixed";
  c.turns = {{empathy::Role::customer, "Hola, mi pedido no ha llegado todavía", {}},
             {empathy::Role::agent, "Lo siento, lo reviso ahora mismo y le digo algo.", {}},
             {empathy::Role::customer, "vale gracias, es un regalo para mi hija", {}},
             {empathy::Role::agent, "Ya está: llega mañana antes de las dos.", {}},
             {empathy::Role::customer, "thanks", {}},
             {empathy::Role::agent, "You're welcome, have a lovely day.", {}}};
  CHECK(empathy::score_conversation(model(), c).language == "es");
}

TEST_CASE("strip_accents keeps the letters and drops their accents") {
  CHECK(empathy::strip_accents("ação não está Über Straße Łódź garçon") == "acao nao esta Uber Strasse Lodz garcon");
  CHECK(empathy::strip_accents("plain ascii 123") == "plain ascii 123");
  CHECK(empathy::strip_accents("emoji 😀 stays") == "emoji 😀 stays");
}

TEST_CASE("a languageId section with the wrong number of digits or a bad code does not load") {
  const auto bad_length = empathy::load_model(
      empathy::default_model_json(), R"({"languageId": {"buckets": 4, "languages": {"en": "8888", "es": "888"}}})");
  CHECK_FALSE(bad_length.model);
  CHECK(bad_length.error.find("expected a string of 4 hex digits") != std::string::npos);
  const auto bad_code = empathy::load_model(
      empathy::default_model_json(), R"({"languageId": {"languages": {"und": ")" + std::string(1024, '8') + R"("}}})");
  CHECK_FALSE(bad_code.model);
  CHECK(bad_code.error.find("languageId.languages.und: expected an ISO 639-1 language code") != std::string::npos);
  const auto none = empathy::load_model(empathy::default_model_json(), R"({"languageId": null})");
  REQUIRE(none.model);
  CHECK(empathy::score(*none.model, request({"Me han cobrado dos veces"}, "Lo siento mucho")).language == "und");
}
