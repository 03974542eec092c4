// Fuzzes load_model(base, overlay) with the input as the overlay (RFC 7386 merge patch),
// the way teams reword and silence nudges. The base is a small model of the same shape
// as core/models/en.json (fuzz/corpus/fuzz_model/minimal): compiling the default model
// takes ~0.3 s under the sanitizers, which would leave a handful of runs per second.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view overlay(reinterpret_cast<const char*>(data), size);
  static constexpr std::string_view kBase =
      R"json({"version":1,"language":"en","classes":{"intens":["so","really"],"sorry":["sorry","apologise"]},"negators":["not"],"stopwords":["the","a"],"problems":["delay"],"questionWords":["what","how"],"procedural":["account"],"thresholds":{"empathyEmotions":{"frustration":0.2}},"score":{"needed":{"bias":-1,"families":{"emotional-reaction":1.5,"dismissive":-2}},"notNeeded":{"bias":0.5,"families":{"politeness":0.5}}},"components":{"activeListening":{"needed":{"families":{}},"notNeeded":{"families":{}}},"emotionalRecognition":{"needed":{"families":{}},"notNeeded":{"families":{}}},"supportiveResponses":{"needed":{"families":{}},"notNeeded":{"families":{}}},"genuineTone":{"needed":{"families":{}},"notNeeded":{"families":{}}}},"conversation":{"base":1,"slowReplyMs":60000},"lexicon":[{"id":"apology","family":"emotional-reaction","weight":0.5,"patterns":["[@intens] @sorry","my apologies"]},{"id":"calm-down","family":"dismissive","weight":1,"patterns":["calm down","(relax|chill) [out]"]},{"id":"mask","family":"none","patterns":["sorry to hear that you *"]},{"id":"angry","side":"customer","emotion":"frustration","weight":0.6,"patterns":["angry","furious*"]},{"id":"loss","side":"customer","risk":"bereavement","patterns":["passed away"]}],"nudges":{"avoid-calm-down":{"kind":"warning","family":"dismissive","priority":10,"message":"Avoid it.","suggestion":"I understand.","when":{"behavior":["calm-down"]}},"ack":{"kind":"tip","message":"Acknowledge.","suggestion":null,"when":{"needsEmpathy":true,"familyBelow":{"emotional-reaction":1},"minWords":2,"emotion":"frustration","minIntensity":0.1}},"empty":{"kind":"tip","message":"Start.","when":{"draftEmpty":true,"anyRisk":true}},"praise":{"kind":"praise","message":"Nice.","when":{"familyAtLeast":{"emotional-reaction":1}}}}})json";
  fuzz::check_model(empathy::load_model(kBase, overlay));
  return 0;
}
