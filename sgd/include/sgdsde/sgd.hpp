#pragma once
// Everything in sgdsde::sgd: objectives, samplers, schedules, the exact simulator, the SME bridge.
#include <sgdsde/sgd/dataset.hpp>
#include <sgdsde/sgd/double_well.hpp>
#include <sgdsde/sgd/gradient_flow.hpp>
#include <sgdsde/sgd/lambda_objective.hpp>
#include <sgdsde/sgd/least_squares.hpp>
#include <sgdsde/sgd/logistic_regression.hpp>
#include <sgdsde/sgd/noisy_quadratic.hpp>
#include <sgdsde/sgd/random_feature_regression.hpp>
#include <sgdsde/sgd/sampled_finite_sum.hpp>
#include <sgdsde/sgd/sampler.hpp>
#include <sgdsde/sgd/schedule.hpp>
#include <sgdsde/sgd/sgd_simulator.hpp>
#include <sgdsde/sgd/sme.hpp>
