// Models: a base model and the language packs beside it, and which one scores a request.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "empathy/empathy.hpp"
#include "empathy/json.hpp"
#include "helpers.hpp"

namespace {

// A stand-in pack: the English model relabelled as another language, with one pattern
// that only it knows ("alakazam" acknowledges a feeling), so a test can tell who scored.
std::shared_ptr<const empathy::Model> fake_pack(const std::string& code) {
  nlohmann::json m = nlohmann::json::parse(empathy::default_model_json());
  m["language"] = code;
  for (auto& e : m["lexicon"])
    if (e["id"] == "acknowledge-feeling") e["patterns"].push_back("alakazam");
  auto loaded = empathy::load_model(m.dump());
  REQUIRE(loaded.model);
  return loaded.model;
}

std::shared_ptr<const empathy::Model> base() {
  static const auto loaded = empathy::load_model(empathy::default_model_json());
  return loaded.model;
}

bool read_by_pack(const empathy::Result& r) { return test::has_behavior(r, "acknowledge-feeling"); }

}  // namespace

TEST_CASE("without packs the base model scores everything, as before") {
  empathy::Models models(base());
  const auto r = empathy::score(models, test::request({"Me han cobrado dos veces y nadie me ayuda"},
                                                      "Lo siento mucho, ya he devuelto el cargo duplicado."));
  CHECK_FALSE(r.supported);
  CHECK(r.language == "es");
  CHECK(models.languages() == std::vector<std::string>{"en"});
}

TEST_CASE("a draft clearly in a pack's language is scored by that pack") {
  empathy::Models models(base());
  REQUIRE(models.add(fake_pack("es")).empty());
  REQUIRE(models.add(fake_pack("de")).empty());
  CHECK(models.languages() == std::vector<std::string>{"en", "es", "de"});
  const auto es = test::request({"Me han cobrado dos veces y nadie me ayuda, estoy harta"},
                                "Lo siento mucho, entiendo lo frustrante que es. Ya he devuelto el cargo. alakazam");
  CHECK(&models.for_request(es) != &models.base());
  CHECK(empathy::model_language(models.for_request(es)) == "es");
  const auto r = empathy::score(models, es);
  CHECK(r.supported);
  CHECK(r.language == "es");
  CHECK(read_by_pack(r));
  // English stays with the base model, German goes to its own pack.
  const auto en = test::request({"I was charged twice"}, "I'm sorry about that, I've refunded the charge. alakazam");
  CHECK(&models.for_request(en) == &models.base());
  const auto de = test::request({"Ich wurde doppelt belastet und niemand hilft mir"},
                                "Das tut mir leid, ich habe die doppelte Abbuchung schon erstattet.");
  CHECK(empathy::model_language(models.for_request(de)) == "de");
}

TEST_CASE("a draft too short to tell follows the customer's language") {
  empathy::Models models(base());
  REQUIRE(models.add(fake_pack("es")).empty());
  const auto typing = test::request({"Me han cobrado dos veces y nadie me ayuda, estoy harta"}, "Lo");
  CHECK(empathy::model_language(models.for_request(typing)) == "es");
  const auto english = test::request({"I was charged twice and nobody helps me"}, "Lo");
  CHECK(&models.for_request(english) == &models.base());
}

TEST_CASE("a language without a pack stays unsupported, and a pack in the base language is refused") {
  empathy::Models models(base());
  REQUIRE(models.add(fake_pack("es")).empty());
  const auto it = empathy::score(models, test::request({"Mi hanno addebitato due volte e nessuno mi aiuta"},
                                                       "Mi dispiace molto, ho già rimborsato l'addebito doppio."));
  CHECK_FALSE(it.supported);
  CHECK(it.language == "it");
  CHECK_FALSE(models.add(fake_pack("en")).empty());
  CHECK(models.languages() == std::vector<std::string>{"en", "es"});
  // Adding a pack of a language again replaces it.
  REQUIRE(models.add(fake_pack("es")).empty());
  CHECK(models.languages() == std::vector<std::string>{"en", "es"});
}

TEST_CASE("a conversation that changes language scores each reply with its own model") {
  empathy::Models models(base());
  REQUIRE(models.add(fake_pack("es")).empty());
  empathy::Conversation c;
  c.turns = {{empathy::Role::customer, "My parcel never arrived and I'm really worried", {}},
             {empathy::Role::agent, "I'm sorry, that's worrying. I've sent a replacement today.", {}},
             {empathy::Role::customer,
              "Perdón, mejor en español: el paquete nuevo tampoco ha llegado y estoy muy preocupada",
              {}},
             {empathy::Role::agent,
              "Lo siento mucho, entiendo su preocupación. alakazam. Le envío otro hoy mismo por mensajería urgente.",
              {}}};
  const auto r = empathy::score_conversation(models, c);
  REQUIRE(r.turns.size() == 2);
  CHECK(r.turns[0].second.language == "en");
  CHECK(r.turns[0].second.supported);
  CHECK(r.turns[1].second.language == "es");
  CHECK(r.turns[1].second.supported);
  CHECK(read_by_pack(r.turns[1].second));
  CHECK(r.supported);
  // And the JSON contract gives the same through Models.
  const auto json = nlohmann::json::parse(
      empathy::score_json(
          models,
          R"({"history": [{"role": "customer", "text": "Me han cobrado dos veces y nadie me ayuda"}], "draft": "Lo siento mucho, entiendo lo frustrante que es. Ya he devuelto el cargo duplicado."})")
          .json);
  CHECK(json["supported"] == true);
  CHECK(json["language"] == "es");
}
