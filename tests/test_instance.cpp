// instance.hpp (generator, validation, instance_cast), io.hpp (JSON, files), errors.hpp.
#include "support.hpp"

#include <cstdio>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace bltest;

namespace {

/// Run fn, expect an InputError whose field is one of `fields`; the message must start with the field.
template <class F> void expect_input_error(const std::string& what, const std::set<std::string>& fields, F fn) {
  try {
    fn();
    ADD_FAILURE() << what << ": no InputError thrown";
  } catch (const InputError& e) {
    EXPECT_TRUE(fields.count(e.field())) << what << ": field \"" << e.field() << "\" (message: " << e.what() << ")";
    EXPECT_EQ(std::string(e.what()).rfind(e.field() + ": ", 0), 0u) << what << ": " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": threw a non-InputError: " << e.what();
  }
}

InstanceOptions small_options() {
  InstanceOptions o;
  o.d = 3;
  o.m = 6;
  o.n = 4;
  o.movement = "generic";
  o.seed = 11;
  return o;
}

bool same_bits(const Instance<double>& a, const Instance<double>& b) {
  auto eq = [](const auto& x, const auto& y) {
    return x.rows() == y.rows() && x.cols() == y.cols() &&
           std::memcmp(x.data(), y.data(), sizeof(double) * std::size_t(x.size())) == 0;
  };
  return a.activation == b.activation && a.loss == b.loss && a.init == b.init && eq(a.a, b.a) && eq(a.W0, b.W0) &&
         eq(a.W, b.W) && eq(a.X, b.X) && eq(a.y, b.y);
}

}  // namespace

// ---- generator ---------------------------------------------------------------------------------

RC_GTEST_PROP(Generator, SameOptionsSameInstanceBitForBit, ()) {
  DrawSpec ds;
  ds.activations = all_activations();
  ds.losses = all_losses();
  ds.movements = {"zero", "coherent", "generic"};
  const InstanceOptions o = draw_options(ds);
  const Instance<double> a = generate_instance(o), b = generate_instance(o);
  RC_ASSERT(same_bits(a, b));
  InstanceOptions o2 = o;
  o2.seed = o.seed + 1;
  const Instance<double> c = generate_instance(o2);
  RC_ASSERT(!same_bits(a, c) || o.movement == "zero");  // W0 rows are drawn first: they differ
  RC_ASSERT((a.W0 - c.W0).norm() > 0);
}

RC_GTEST_PROP(Generator, RespectsTheDocumentedStructure, ()) {
  DrawSpec ds;
  ds.activations = all_activations();
  ds.movements = {"zero", "coherent", "generic"};
  InstanceOptions o = draw_options(ds);
  const std::vector<std::string> targets{"zero", "gaussian", "sign", "network", "planted"};
  o.target = targets[*bltest::uniform_in<std::size_t>(0, targets.size())];
  if (o.d >= 2 && *bltest::uniform_in(0, 4) == 0) o.target = "product";
  RC_LOG() << "target = " << o.target << "\n";
  const Instance<double> in = generate_instance(o);
  validate(in);  // a generated instance is valid
  const double u = unit_roundoff<double>();
  RC_ASSERT(in.m() == o.m);
  RC_ASSERT(in.d() == o.d);
  RC_ASSERT(in.n() == o.n);
  RC_ASSERT(in.W.rows() == o.m);
  RC_ASSERT(in.W.cols() == o.d);
  RC_ASSERT(in.a.size() == o.m);
  RC_ASSERT(in.y.size() == o.n);
  RC_ASSERT(in.activation == o.activation);
  RC_ASSERT(in.loss == o.loss);
  RC_ASSERT(in.init == o.init);
  for (Eigen::Index r = 0; r < in.m(); ++r) RC_ASSERT(in.a(r) == 1.0 || in.a(r) == -1.0);
  if (o.init == Init::symmetric)  // SPEC §1.3 pairing, exactly
    for (Eigen::Index r = 0; r < in.m() / 2; ++r) {
      RC_ASSERT(in.a(r + in.m() / 2) == -in.a(r));
      RC_ASSERT(in.W0.row(r + in.m() / 2) == in.W0.row(r));
    }
  // data: norms computed with d roundings -> |norm - 1| <= (d + 2) u
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    const double nx = in.X.row(i).norm();
    if (o.data == "sphere" || o.data == "lowrank" || o.data == "cube")
      rc_near("||x_i|| = 1 (" + o.data + ")", nx, 1.0, (in.d() + 2) * u);
    if (o.data == "cube")
      for (Eigen::Index j = 0; j < in.d(); ++j)
        rc_near("cube entry", std::abs(in.X(i, j)), 1.0 / std::sqrt(double(in.d())), 2 * u);
    if (o.data == "lowrank")
      for (Eigen::Index j = 2; j < in.d(); ++j) RC_ASSERT(in.X(i, j) == 0.0);
  }
  // movement
  const double m4 = std::pow(double(in.m()), -0.25);
  if (o.movement == "zero") RC_ASSERT(in.W.isZero(0.0));
  if (o.movement == "generic") {
    for (Eigen::Index r = 0; r < in.m(); ++r) rc_near("generic ||w_r||", in.W.row(r).norm(), m4 * o.rho, (in.d() + 4) * u * m4 * o.rho);
    rc_near("generic ||W||_{2,4} = rho", mixed_norm(in.W, 4.0), o.rho, (in.d() + in.m() + 8) * u * o.rho);
  }
  if (o.movement == "coherent") {
    Eigen::Index first_plus = -1;
    for (Eigen::Index r = 0; r < in.m(); ++r) {
      if (in.a(r) < 0) {
        RC_ASSERT(in.W.row(r).isZero(0.0));
        continue;
      }
      rc_near("coherent ||w_r||", in.W.row(r).norm(), m4 * o.rho, (in.d() + 4) * u * m4 * o.rho);
      if (first_plus < 0) first_plus = r;
      else RC_ASSERT(in.W.row(r) == in.W.row(first_plus));  // the same u on every a_r = +1 neuron
    }
    if (o.init == Init::symmetric)  // half the neurons have a_r = +1: ||W||_{2,4} = rho / 2^{1/4}
      rc_near("coherent ||W||_{2,4}", mixed_norm(in.W, 4.0), o.rho / std::pow(2.0, 0.25), (in.d() + in.m() + 8) * u * o.rho);
  }
  // labels
  for (Eigen::Index i = 0; i < in.n(); ++i) {
    if (o.target == "zero") RC_ASSERT(in.y(i) == 0.0);
    if (o.target == "sign") RC_ASSERT(in.y(i) == 1.0 || in.y(i) == -1.0);
    if (o.target == "product") rc_near("y = d x1 x2", in.y(i), in.d() * in.X(i, 0) * in.X(i, 1), 4 * u * in.d() * std::abs(in.X(i, 0) * in.X(i, 1)));
  }
  if (o.target == "network") {
    const Vector<double> f = network_output(in);
    const std::vector<double> mag = ModelMags(in).network(in.W);
    for (Eigen::Index i = 0; i < in.n(); ++i) rc_near("y = f_{W0+W}(x)", in.y(i), f(i), 16 * u * mag[i]);
  }
  if (o.init == Init::symmetric) {
    const Vector<double> f0 = initial_output(in);
    for (Eigen::Index i = 0; i < in.n(); ++i) RC_ASSERT(std::abs(f0(i)) <= 1e-14);  // ID-1 (SPEC §6.1)
  }
}

TEST(Generator, InstanceCastIsExact) {
  const Instance<double> in = generate_instance(small_options());
  const Instance<scalar_mp50> hi = instance_cast<scalar_mp50>(in);
  const Instance<double> back = instance_cast<double>(hi);
  EXPECT_TRUE(same_bits(in, back));
  const Instance<long double> ld = instance_cast<long double>(in);
  EXPECT_TRUE(same_bits(in, instance_cast<double>(ld)));
}

// ---- validation: InputError naming the field ---------------------------------------------------

TEST(Validation, InstanceFields) {
  const Instance<double> good = generate_instance(small_options());
  EXPECT_NO_THROW(validate(good));
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  {
    auto b = good;
    b.a(1) = 0.5;
    expect_input_error("a_r = 0.5", {"a"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.a.resize(good.m() + 1);
    b.a.setOnes();
    expect_input_error("a has m+1 entries", {"a"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.X(0, 1) = nan;
    expect_input_error("NaN in X", {"X"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.y(2) = inf;
    expect_input_error("inf in y", {"y"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.W(0, 0) = -inf;
    expect_input_error("-inf in W", {"W"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.W0(3, 2) = nan;
    expect_input_error("NaN in W0", {"W0"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.W = RowMatrix<double>::Zero(good.m(), good.d() + 1);
    expect_input_error("W has d+1 columns", {"W"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.y = Vector<double>::Zero(good.n() + 1);
    expect_input_error("y has n+1 entries", {"y"}, [&] { validate(b); });
  }
  {
    auto b = good;
    b.X = Matrix<double>::Zero(good.n(), good.d() + 1);
    expect_input_error("X has d+1 columns", {"X", "W0"}, [&] { validate(b); });
  }
  {
    auto b = good;  // symmetric init, but a pair broken in W0
    b.W0(good.m() / 2, 0) += 1.0;
    expect_input_error("unpaired W0 rows", {"W0", "init"}, [&] { validate(b); });
  }
  {
    auto b = good;  // symmetric init, but a_{r+m/2} = a_r
    b.a(good.m() / 2) = good.a(0);
    expect_input_error("unpaired a", {"a", "init"}, [&] { validate(b); });
  }
  {
    auto b = good;  // odd m under symmetric init
    b.a.conservativeResize(good.m() - 1);
    b.W0.conservativeResize(good.m() - 1, Eigen::NoChange);
    b.W.conservativeResize(good.m() - 1, Eigen::NoChange);
    expect_input_error("odd m, symmetric", {"init", "W0", "a", "m"}, [&] { validate(b); });
    b.init = Init::gaussian;  // the same shapes are fine without the pairing requirement
    EXPECT_NO_THROW(validate(b));
  }
  {
    auto b = good;  // n = 0
    b.X.resize(0, good.d());
    b.y.resize(0);
    expect_input_error("n = 0", {"X", "y", "n"}, [&] { validate(b); });
  }
}

TEST(Validation, GeneratorOptions) {
  auto check = [](const char* what, std::set<std::string> fields, auto mutate) {
    InstanceOptions o = small_options();
    mutate(o);
    expect_input_error(std::string("validate: ") + what, fields, [&] { validate(o); });
    expect_input_error(std::string("generate_instance: ") + what, fields, [&] { (void)generate_instance(o); });
  };
  check("d = 0", {"d"}, [](InstanceOptions& o) { o.d = 0; });
  check("m = 0", {"m"}, [](InstanceOptions& o) { o.m = 0; });
  check("n = 0", {"n"}, [](InstanceOptions& o) { o.n = 0; });
  check("odd m with symmetric init", {"m", "init"}, [](InstanceOptions& o) { o.m = 7; });
  check("rho < 0", {"rho"}, [](InstanceOptions& o) { o.rho = -0.5; });
  check("rho NaN", {"rho"}, [](InstanceOptions& o) { o.rho = std::numeric_limits<double>::quiet_NaN(); });
  check("movement", {"movement"}, [](InstanceOptions& o) { o.movement = "wild"; });
  check("data", {"data"}, [](InstanceOptions& o) { o.data = "torus"; });
  check("target", {"target"}, [](InstanceOptions& o) { o.target = "xor"; });
  // sizes: at most 2^27 values (2 m d + n d + m + n, plus m d for the planted W_star) and n m <= 2^31,
  // checked before any allocation; the error names the larger factor of the dominant term
  check("n d = 2^31", {"n"}, [](InstanceOptions& o) { o.d = 2; o.m = 2; o.n = 1 << 30; });
  check("m d = 10^16", {"m"}, [](InstanceOptions& o) { o.d = 100000000; o.m = 100000000; });
  check("d = 2 10^9", {"d"}, [](InstanceOptions& o) { o.d = 2000000000; o.m = 2; o.n = 1; });
  check("n m = 10^11", {"m"}, [](InstanceOptions& o) { o.d = 1; o.m = 1000000; o.n = 100000; });
  // d = n = 1, m = 4e7: 3 m + 2 = 1.2e8 values fit 2^27 = 1.34e8; with W_star 4 m + 2 = 1.6e8 do not
  check("planted target counts W_star", {"m"}, [](InstanceOptions& o) {
    o.target = "planted"; o.d = 1; o.n = 1; o.m = 40000000;
  });
  InstanceOptions ok = small_options();
  ok.init = Init::gaussian;
  ok.m = 7;
  EXPECT_NO_THROW(validate(ok));
  ok.init = Init::symmetric;
  ok.d = 1;
  ok.n = 1;
  ok.m = 40000000;
  EXPECT_NO_THROW(validate(ok));  // validation only: nothing is allocated
}

TEST(Validation, Names) {
  EXPECT_EQ(parse_init("symmetric"), Init::symmetric);
  EXPECT_EQ(parse_init("gaussian"), Init::gaussian);
  EXPECT_STREQ(init_name(Init::symmetric), "symmetric");
  EXPECT_STREQ(init_name(Init::gaussian), "gaussian");
  expect_input_error("parse_init", {"init"}, [] { (void)parse_init("uniform"); });
  expect_input_error("parse_init custom field", {"--init"}, [] { (void)parse_init("", "--init"); });
}

// ---- io ----------------------------------------------------------------------------------------

TEST(Io, JsonRoundTripDoubleIsExact) {
  for (std::uint64_t seed : {1, 2, 3}) {
    InstanceOptions o = small_options();
    o.seed = seed;
    o.init = seed == 2 ? Init::gaussian : Init::symmetric;
    o.activation = all_activations()[seed];
    o.loss = all_losses()[seed];
    const Instance<double> in = generate_instance(o);
    const json j = instance_to_json(in);
    EXPECT_EQ(j.at("schema"), "beyondlin.instance/1");
    EXPECT_TRUE(same_bits(in, instance_from_json<double>(j)));  // doubles written as round-trip numbers
    EXPECT_TRUE(same_bits(in, instance_from_json<double>(json::parse(j.dump()))));
  }
}

TEST(Io, JsonRoundTripMp50) {
  // mp50 is written as decimal strings with decimal_digits<T>() digits: each entry comes back
  // exactly when that is >= max_digits10, else within half a unit of the last digit plus the parse
  // rounding: (5 10^-digits + u50) |x|.
  Instance<scalar_mp50> in = instance_cast<scalar_mp50>(generate_instance(small_options()));
  in.X(0, 0) = from_decimal_string<scalar_mp50>("0.1");  // a value double cannot hold
  in.X /= 3;                                               // every entry now uses all 168 bits
  const json j = instance_to_json(in);
  EXPECT_TRUE(j.at("X").at(0).at(0).is_string());
  const Instance<scalar_mp50> back = instance_from_json<scalar_mp50>(json::parse(j.dump()));
  const bool exact = decimal_digits<scalar_mp50>() >= std::numeric_limits<scalar_mp50>::max_digits10;
  const scalar_mp50 rel = exact ? scalar_mp50(0) : scalar_mp50(5 * pow(scalar_mp50(10), -decimal_digits<scalar_mp50>()) + uT<scalar_mp50>());
  for (Eigen::Index i = 0; i < in.n(); ++i)
    for (Eigen::Index k = 0; k < in.d(); ++k)
      EXPECT_TRUE(near("X round trip", back.X(i, k), in.X(i, k), scalar_mp50(rel * absT(in.X(i, k)))));
}

TEST(Io, DecimalStringsKeepFullPrecision) {
  json j = instance_to_json(generate_instance(small_options()));
  j["X"][0][0] = "0.1";
  j["y"][1] = "-1.00000000000000000000000000000000000000000000000001";
  const auto hi = instance_from_json<scalar_mp50>(j);
  EXPECT_EQ(hi.X(0, 0), from_decimal_string<scalar_mp50>("0.1"));  // not double(0.1)
  EXPECT_NE(hi.X(0, 0), scalar_mp50(0.1));
  EXPECT_EQ(hi.y(1), from_decimal_string<scalar_mp50>("-1.00000000000000000000000000000000000000000000000001"));
  const auto lo = instance_from_json<double>(j);
  EXPECT_EQ(lo.X(0, 0), 0.1);
}

TEST(Io, MalformedJsonNamesTheKey) {
  const json good = instance_to_json(generate_instance(small_options()));
  for (const std::string key : {"W0", "W", "X", "y", "a", "activation", "loss"}) {
    json j = good;
    j.erase(key);
    expect_input_error("missing " + key, {key}, [&] { (void)instance_from_json<double>(j); });
  }
  auto starts_with = [](const std::string& key) {
    return [key](const std::string& f) { return f.rfind(key, 0) == 0; };
  };
  {
    json j = good;
    j["X"][1][0] = "1.2.3";
    try {
      (void)instance_from_json<double>(j);
      ADD_FAILURE() << "malformed number accepted";
    } catch (const InputError& e) {
      EXPECT_TRUE(starts_with("X")(e.field())) << e.field() << ": " << e.what();
    }
  }
  {
    json j = good;
    j["activation"] = "swish";
    expect_input_error("bad activation", {"activation"}, [&] { (void)instance_from_json<double>(j); });
  }
  {
    json j = good;
    j["W"].erase(0);  // W with m-1 rows
    try {
      (void)instance_from_json<double>(j);
      ADD_FAILURE() << "wrong shape accepted";
    } catch (const InputError& e) {
      EXPECT_TRUE(starts_with("W")(e.field())) << e.field() << ": " << e.what();
    }
  }
  {
    json j = good;
    j["extra_key"] = {1, 2, 3};  // unknown keys are ignored
    EXPECT_NO_THROW((void)instance_from_json<double>(j));
  }
}

TEST(Io, ScalarJson) {
  EXPECT_TRUE(scalar_to_json(0.25).is_number());
  EXPECT_EQ(scalar_from_json<double>(scalar_to_json(0.1), "v"), 0.1);
  const scalar_mp50 third = scalar_mp50(1) / 3;
  const json js = scalar_to_json(third);
  EXPECT_TRUE(js.is_string());
  const bool exact = decimal_digits<scalar_mp50>() >= std::numeric_limits<scalar_mp50>::max_digits10;
  EXPECT_TRUE(near("mp50 scalar json", scalar_from_json<scalar_mp50>(js, "v"), third,
                   exact ? scalar_mp50(0) : scalar_mp50((5 * pow(scalar_mp50(10), -decimal_digits<scalar_mp50>()) + uT<scalar_mp50>()) * third)));
  EXPECT_EQ(scalar_to_json(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(scalar_to_json(-std::numeric_limits<double>::infinity()), "-inf");
  expect_input_error("scalar_from_json bad string", {"myfield"}, [] { (void)scalar_from_json<double>(json("1e"), "myfield"); });
  expect_input_error("scalar_from_json array", {"myfield"}, [] { (void)scalar_from_json<double>(json::array(), "myfield"); });
}

// Decimal exponents beyond the range of the type saturate to +-inf or a signed zero, as strtod does,
// in every precision. cpp_bin_float (mp50) on its own reads the exponent into an int64 without an
// overflow check: "1e92233720368547758070" would give 1e-10 (found by tests/fuzz/fuzz_instance).
TEST(Io, DecimalExponentBeyondRange) {
  auto expect_all = [](const char* s, double want) {
    SCOPED_TRACE(s);
    EXPECT_EQ(scalar_from_json<double>(json(s), "v"), want);
    EXPECT_EQ(scalar_from_json<scalar_mp50>(json(s), "v"), scalar_mp50(want));
    EXPECT_EQ(scalar_from_json<scalar_mp100>(json(s), "v"), scalar_mp100(want));
    if (want == 0) {
      EXPECT_EQ(std::signbit(want), signbit(scalar_from_json<scalar_mp50>(json(s), "v")));
    }
  };
  const double inf = std::numeric_limits<double>::infinity();
  expect_all("1e92233720368547758070", inf);
  expect_all("-1e9223372036854775807", -inf);
  expect_all("0.001e99999999999999999999999999", inf);
  expect_all("1e-92233720368547758070", 0.0);
  expect_all("-25e-9223372036854775808", -0.0);
  expect_all("0e99999999999999999999999", 0.0);
  expect_all("0.000e-99999999999999999999999", 0.0);
  // within range of mp50 (max_exponent10 ~ 6.5e8) but not of double: read exactly at 50 digits
  EXPECT_EQ(scalar_from_json<scalar_mp50>(json("1e400"), "v"), pow(scalar_mp50(10), 400));
  EXPECT_EQ(scalar_from_json<scalar_mp50>(json("0.00001e-0000000000000000000000395"), "v"), pow(scalar_mp50(10), -400));
  EXPECT_EQ(scalar_from_json<double>(json("1e400"), "v"), inf);
}

TEST(Io, Files) {
  char tmpl[] = "/tmp/beyondlin_test_io_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl, path = dir + "/inst.json";
  const Instance<double> in = generate_instance(small_options());
  write_file_atomic(path, instance_to_json(in).dump());
  EXPECT_EQ(read_file(path, "f"), instance_to_json(in).dump());
  EXPECT_TRUE(same_bits(in, read_instance<double>(path)));
  expect_input_error("read_instance missing file", {"instance"}, [&] { (void)read_instance<double>(dir + "/nope.json"); });
  write_file_atomic(dir + "/bad.json", "{not json");
  expect_input_error("read_instance bad json", {"instance"}, [&] { (void)read_instance<double>(dir + "/bad.json"); });
  // a JSON number beyond double is json::out_of_range (not a parse_error): still bad input, naming the file
  write_file_atomic(dir + "/overflow.json", "{\"X\": [[1e400]]}");
  expect_input_error("read_instance number overflow", {"instance"}, [&] { (void)read_instance<double>(dir + "/overflow.json"); });
  expect_input_error("read_instance number overflow, mp50", {"instance"},
                     [&] { (void)read_instance<scalar_mp50>(dir + "/overflow.json"); });
  std::remove((dir + "/overflow.json").c_str());
  expect_input_error("read_file missing", {"myfield"}, [&] { (void)read_file(dir + "/nope.txt", "myfield"); });
  const std::string bad_path = dir + "/no/such/dir/out.json";
  expect_input_error("write_file_atomic unwritable", {"o"}, [&] { write_file_atomic(bad_path, "x"); });
  EXPECT_FALSE(std::ifstream(bad_path).good());
  std::remove((dir + "/bad.json").c_str());
  std::remove(path.c_str());
  rmdir(dir.c_str());
}
