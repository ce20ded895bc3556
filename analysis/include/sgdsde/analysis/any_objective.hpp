#pragma once
// Objectives erased to one type per kind: any_finite_sum and any_population satisfy the objective
// interface (sgd/objective.hpp) for whatever objective they hold, so that a study compiled once against
// them serves every objective. The front ends hand their problems to the studies this way (the
// catalogue's with_problem): the simulators, the SMEs and the integrators are instantiated for these two
// types instead of for every objective of the catalogue and a user's.
//
// The cost is one virtual call per full-data quantity (f, ∇f, ∇²f, Σ, the centred gradients) and per
// minibatch (a finite sum's add_minibatch_gradient; a population's add_drawn_minibatch_gradient draws
// and sums the B samples in one call), never per sample. Every call runs the held objective's own code,
// so the numbers are the same bits as on the objective itself (tested).
//
// What the studies ask of an objective beyond the interface is answered at run time:
//   has_affine(f)                 affine per-sample gradients: affine_model(f) exists (exact moments)
//   sample_noise_is_constant(f)   Σ(x) does not depend on x (declared, or a finite sample of such noise)
//   as<T>(f)                      the objective as a T, or nullptr (a study's closed form for one problem)
#include <sgdsde/analysis/affine_gradient_model.hpp>
#include <sgdsde/sde/random_stream.hpp>
#include <sgdsde/sgd/objective.hpp>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

namespace sgdsde::analysis {

namespace detail {
template <class Objective, class = void>
struct is_sampled_population : std::false_type {};
template <class Objective>
struct is_sampled_population<Objective, std::void_t<decltype(Objective::sample_covariance_is_constant())>> : std::true_type {};

// Is Σ(x) the same at every x for the objective's type: declared, or a finite sample of additive noise?
template <class Objective>
constexpr bool has_constant_sample_noise() {
  if constexpr (sgd::has_constant_noise<Objective>::value) return true;
  else if constexpr (is_sampled_population<Objective>::value) return Objective::sample_covariance_is_constant();
  else return false;
}

// The calls both kinds share.
class erased_objective {
 public:
  virtual ~erased_objective() = default;
  virtual std::string description() const = 0;
  virtual double value(const sgd::vector& x) const = 0;
  virtual void gradient(const sgd::vector& x, sgd::vector& g) const = 0;
  virtual void hessian(const sgd::vector& x, sgd::matrix& H) const = 0;
  virtual void gradient_covariance(const sgd::vector& x, sgd::matrix& S) const = 0;
  virtual affine_gradient_model affine() const = 0;  // only where affine_closes
  virtual const void* target(const std::type_info& type) const = 0;

  int dim = 0;
  std::size_t size = 0;
  bool constant_gradient_covariance = false;  // sgd::has_constant_noise of the held type
  bool constant_sample_noise = false;         // has_constant_sample_noise of the held type
  bool affine_closes = false;                 // has_affine_model_v of the held type
};

class erased_finite_sum : public erased_objective {
 public:
  virtual double sample_value(const sgd::vector& x, std::size_t i) const = 0;
  virtual void add_sample_gradient(const sgd::vector& x, std::size_t i, double s, sgd::vector& g) const = 0;
  virtual void add_sample_hessian(const sgd::vector& x, std::size_t i, double s, sgd::matrix& H) const = 0;
  virtual void add_minibatch_gradient(const sgd::vector& x, const std::vector<std::size_t>& idx, double s,
                                      sgd::vector& g) const = 0;
  virtual void centred_gradients(const sgd::vector& x, sgd::matrix& G) const = 0;
  virtual void centred_gradients_times(const sgd::vector& x, const sgd::vector& z, sgd::vector& out) const = 0;
};

class erased_population : public erased_objective {
 public:
  virtual void add_drawn_minibatch_gradient(sde::random_stream& stream, const sgd::vector& x, std::size_t batch, double s,
                                            sgd::vector& g) const = 0;
};

// The held objective (shared, or borrowed: then it must outlive every handle) behind the calls.
template <class Objective, class Base>
class held_objective : public Base {
 public:
  explicit held_objective(std::shared_ptr<const Objective> f) : f_(std::move(f)) {
    this->dim = f_->dim();
    this->size = f_->size();
    this->constant_gradient_covariance = sgd::has_constant_noise<Objective>::value;
    this->constant_sample_noise = has_constant_sample_noise<Objective>();
    this->affine_closes = has_affine_model_v<Objective>;
  }
  std::string description() const override { return f_->description(); }
  double value(const sgd::vector& x) const override { return f_->value(x); }
  void gradient(const sgd::vector& x, sgd::vector& g) const override { f_->gradient(x, g); }
  void hessian(const sgd::vector& x, sgd::matrix& H) const override { f_->hessian(x, H); }
  void gradient_covariance(const sgd::vector& x, sgd::matrix& S) const override { f_->gradient_covariance(x, S); }
  affine_gradient_model affine() const override {
    if constexpr (has_affine_model_v<Objective>) return affine_model(*f_);
    else throw std::logic_error(f_->description() + " has no affine model (ask has_affine first)");
  }
  const void* target(const std::type_info& type) const override { return type == typeid(Objective) ? f_.get() : nullptr; }

 protected:
  std::shared_ptr<const Objective> f_;
};

template <class Objective>
class held_finite_sum final : public held_objective<Objective, erased_finite_sum> {
  using held_objective<Objective, erased_finite_sum>::f_;

 public:
  using held_objective<Objective, erased_finite_sum>::held_objective;
  double sample_value(const sgd::vector& x, std::size_t i) const override { return f_->sample_value(x, i); }
  void add_sample_gradient(const sgd::vector& x, std::size_t i, double s, sgd::vector& g) const override {
    f_->add_sample_gradient(x, i, s, g);
  }
  void add_sample_hessian(const sgd::vector& x, std::size_t i, double s, sgd::matrix& H) const override {
    f_->add_sample_hessian(x, i, s, H);
  }
  // What sgd_simulator does with the objective itself: its batched call, or the per-sample loop.
  void add_minibatch_gradient(const sgd::vector& x, const std::vector<std::size_t>& idx, double s, sgd::vector& g) const override {
    if constexpr (sgd::has_minibatch_gradient<Objective>::value) f_->add_minibatch_gradient(x, idx, s, g);
    else
      for (std::size_t i : idx) f_->add_sample_gradient(x, i, s, g);
  }
  void centred_gradients(const sgd::vector& x, sgd::matrix& G) const override { f_->centred_gradients(x, G); }
  void centred_gradients_times(const sgd::vector& x, const sgd::vector& z, sgd::vector& out) const override {
    f_->centred_gradients_times(x, z, out);
  }
};

template <class Objective>
class held_population final : public held_objective<Objective, erased_population> {
  using held_objective<Objective, erased_population>::f_;

 public:
  using held_objective<Objective, erased_population>::held_objective;
  // The draws and gradients in sgd_simulator's order: draw w_1, add ∇f(x; w_1), draw w_2, …
  void add_drawn_minibatch_gradient(sde::random_stream& stream, const sgd::vector& x, std::size_t batch, double s,
                                    sgd::vector& g) const override {
    thread_local typename Objective::sample_type w;  // the objective is shared by the worker threads
    for (std::size_t j = 0; j < batch; ++j) {
      f_->draw(stream, w);
      f_->add_sample_gradient(x, w, s, g);
    }
  }
};

// The interface calls that read the erased object (both kinds).
template <class Erased>
class any_objective_calls {
 public:
  int dim() const { return f_->dim; }
  std::size_t size() const { return f_->size; }
  std::string description() const { return f_->description(); }
  double value(const sgd::vector& x) const { return f_->value(x); }
  void gradient(const sgd::vector& x, sgd::vector& g) const { f_->gradient(x, g); }
  void hessian(const sgd::vector& x, sgd::matrix& H) const { f_->hessian(x, H); }
  void gradient_covariance(const sgd::vector& x, sgd::matrix& S) const { f_->gradient_covariance(x, S); }
  bool has_constant_gradient_covariance() const { return f_->constant_gradient_covariance; }
  bool has_constant_sample_noise() const { return f_->constant_sample_noise; }
  bool has_affine_model() const { return f_->affine_closes; }
  affine_gradient_model affine() const { return f_->affine(); }
  // The held objective if it is a T, else nullptr.
  template <class T>
  const T* target() const {
    return static_cast<const T*>(f_->target(typeid(T)));
  }

 protected:
  explicit any_objective_calls(std::shared_ptr<const Erased> f) : f_(std::move(f)) {}
  std::shared_ptr<const Erased> f_;
};
}  // namespace detail

// Any finite sum (1/n) Σ_i f_i.
class any_finite_sum : public detail::any_objective_calls<detail::erased_finite_sum> {
 public:
  using sample_type = std::size_t;
  static constexpr bool is_finite_sum = true;

  template <class Objective>
  explicit any_finite_sum(std::shared_ptr<const Objective> f)
      : any_objective_calls(std::make_shared<const detail::held_finite_sum<Objective>>(std::move(f))) {}

  double sample_value(const sgd::vector& x, std::size_t i) const { return f_->sample_value(x, i); }
  void add_sample_gradient(const sgd::vector& x, std::size_t i, double s, sgd::vector& g) const { f_->add_sample_gradient(x, i, s, g); }
  void add_sample_hessian(const sgd::vector& x, std::size_t i, double s, sgd::matrix& H) const { f_->add_sample_hessian(x, i, s, H); }
  void add_minibatch_gradient(const sgd::vector& x, const std::vector<std::size_t>& idx, double s, sgd::vector& g) const {
    f_->add_minibatch_gradient(x, idx, s, g);
  }
  void centred_gradients(const sgd::vector& x, sgd::matrix& G) const { f_->centred_gradients(x, G); }
  void centred_gradients_times(const sgd::vector& x, const sgd::vector& z, sgd::vector& out) const {
    f_->centred_gradients_times(x, z, out);
  }
};

// Any population objective E_w f(x; w), its samples drawn inside add_drawn_minibatch_gradient.
class any_population : public detail::any_objective_calls<detail::erased_population> {
 public:
  struct sample_type {};  // the held objective's samples never leave it
  static constexpr bool is_finite_sum = false;

  template <class Objective>
  explicit any_population(std::shared_ptr<const Objective> f)
      : any_objective_calls(std::make_shared<const detail::held_population<Objective>>(std::move(f))) {}

  void add_drawn_minibatch_gradient(sde::random_stream& stream, const sgd::vector& x, std::size_t batch, double s,
                                    sgd::vector& g) const {
    f_->add_drawn_minibatch_gradient(stream, x, batch, s, g);
  }
};

inline affine_gradient_model affine_model(const any_finite_sum& f) { return f.affine(); }
inline affine_gradient_model affine_model(const any_population& f) { return f.affine(); }

template <class Objective>
using erased_objective_t = std::conditional_t<Objective::is_finite_sum, any_finite_sum, any_population>;

// f erased, sharing it: f must outlive the result and every copy of it.
template <class Objective>
erased_objective_t<Objective> erase_borrowed(const Objective& f) {
  return erased_objective_t<Objective>(std::shared_ptr<const Objective>(&f, [](const Objective*) {}));
}
// f erased, owning it.
template <class Objective>
erased_objective_t<Objective> erase(std::shared_ptr<const Objective> f) {
  return erased_objective_t<Objective>(std::move(f));
}

namespace detail {
template <class Objective, class = void>
struct is_erased : std::false_type {};
template <class Objective>
struct is_erased<Objective, std::void_t<decltype(std::declval<const Objective&>().has_constant_sample_noise())>> : std::true_type {};
}  // namespace detail

// Does affine_model(f) exist for this objective (exact moment equations)?
template <class Objective>
bool has_affine(const Objective& f) {
  if constexpr (detail::is_erased<Objective>::value) return f.has_affine_model();
  else return has_affine_model_v<Objective>;
}

// Is Σ(x) the same at every x: declared by the objective, or a finite sample of additive noise?
template <class Objective>
bool sample_noise_is_constant(const Objective& f) {
  if constexpr (detail::is_erased<Objective>::value) return f.has_constant_sample_noise();
  else return detail::has_constant_sample_noise<Objective>();
}

// f as a T (itself, or the objective an erased one holds), or nullptr.
template <class T, class Objective>
const T* as(const Objective& f) {
  if constexpr (std::is_same_v<T, Objective>) return &f;
  else if constexpr (detail::is_erased<Objective>::value) return f.template target<T>();
  else return nullptr;
}

}  // namespace sgdsde::analysis
