#pragma once
// Every random stream of the neighbourhood model, named once. A stream is used by exactly one
// decision, so switching one mechanism on or off never shifts the draws of another (common
// random numbers). Approach modules name their own streams (model/approach_module.hpp);
// all_stream_names() lists these and theirs, and tests/model/test_rng.cpp checks that no two
// hash alike.
#include <array>
#include <string_view>

#include "model/rng.hpp"

namespace buurtsim::streams {

#define BUURTSIM_STREAMS(X)                                                                       \
  X(population, "population")                    /* fixed attributes, keyed by resident */        \
  X(household, "population.household")           /* household size and tenure */                  \
  X(network, "population.network")               /* ties */                                       \
  X(offender_init, "population.offender")        /* offender kind and activity */                 \
  X(block_init, "population.block")              /* fixed block attributes (traffic) */           \
  X(place, "population.place")                   /* persistent attractiveness of places */        \
  X(elsewhere, "context.elsewhere")              /* victimisation outside the neighbourhood */    \
  X(offending, "offending.count")                /* incidents per offender */                     \
  X(target, "offending.target")                  /* block and type of each incident */            \
  X(norm_violation, "offending.norm")            /* ordinary residents' minor nuisance */         \
  X(victim, "offending.victim")                  /* who on the block is victimised */             \
  X(witness, "exposure.witness")                 /* witnessing incidents on the block */          \
  X(hearsay, "exposure.hearsay")                 /* hearing of ties' victimisation */             \
  X(heard_contact, "exposure.heard_contact")     /* hearing of ties' police contacts */           \
  X(report, "reporting.report")                  /* reporting decisions */                        \
  X(response, "police.response")                 /* feedback and quality of follow-ups  */        \
  X(stop, "police.stop")                         /* police-initiated contacts */                  \
  X(sighting, "police.sighting")                 /* seeing police on the block */                 \
  X(sanction, "police.sanction")                 /* clearance of followed-up reports */           \
  X(staff_turnover, "awareness.turnover")        /* replacement of a wijkagent, per nb */         \
  X(awareness, "awareness.learn")                /* learning and forgetting the wijkagent */      \
  X(institution_contact, "institutions.contact") /* municipal and corporation contacts */         \
  X(participation, "participation.active")       /* taking part this week */                      \
  X(problem, "care.transition")                  /* onset, escalation, resolution */              \
  X(detection, "care.detection")                 /* outreach and neighbours' signals */           \
  X(referral, "care.referral")                   /* referral completion and care priority */      \
  X(move, "mobility.move")                       /* households moving out */                      \
  X(newcomer, "mobility.newcomer")               /* traits of those moving in */                  \
  X(offender_cohort, "mobility.offender")        /* onset and desistance of offending */          \
  X(survey_sample, "survey.sample")              /* who is approached */                          \
  X(survey_response, "survey.response")          /* who responds */                               \
  X(survey_answer, "survey.answer")              /* answers through the response models */        \
  X(survey_fieldwork, "survey.fieldwork")        /* the fieldwork week of a sampled resident */   \
  X(survey_recall, "survey.recall")              /* telescoping and forgetting of dated events */ \
  X(team_awareness, "team.awareness")            /* forgetting a team, word of mouth */

#define BUURTSIM_STREAM_CONST(id, name) inline constexpr std::uint32_t id = stream_id(name);
BUURTSIM_STREAMS(BUURTSIM_STREAM_CONST)
#undef BUURTSIM_STREAM_CONST

#define BUURTSIM_STREAM_NAME(id, name) std::string_view{name},
inline constexpr std::array all_names = {BUURTSIM_STREAMS(BUURTSIM_STREAM_NAME)};
#undef BUURTSIM_STREAM_NAME

}  // namespace buurtsim::streams
