// regularizer.hpp at double: ID-9, IN-6 (Lemma L3), P5 for R, finite differences
// (bodies in props_model.hpp; the same bodies run at 50 digits in test_mp50_model.cpp).
#include "props_model.hpp"

using namespace bltest;

RC_GTEST_PROP(Regularizer, Id9Identities, ()) { prop_id9_regularizer_identities<double>(budget_double()); }
RC_GTEST_PROP(Regularizer, Id9SignAverageAndLemmaL3, ()) { prop_id9_sign_average_and_l3<double>(budget_double()); }
RC_GTEST_PROP(Regularizer, FiniteDifferences, ()) { prop_regularizer_finite_differences<double>(budget_double()); }

TEST(Regularizer, ZeroAndSingleRow) {
  // R(0) = 0 with zero gradient and HVP; one row w: R = ||w||^8, grad = 8 ||w||^6 w (exact small cases)
  RowMatrix<double> Z = RowMatrix<double>::Zero(3, 2);
  EXPECT_EQ(regularizer_value(Z), 0.0);
  EXPECT_TRUE(regularizer_gradient(Z).isZero(0.0));
  EXPECT_TRUE(regularizer_hvp(Z, RowMatrix<double>(RowMatrix<double>::Ones(3, 2))).isZero(0.0));
  RowMatrix<double> w(1, 2);
  w << 1.0, 1.0;  // ||w||^2 = 2
  EXPECT_EQ(regularizer_value(w), 16.0);
  const RowMatrix<double> g = regularizer_gradient(w);
  EXPECT_EQ(g(0, 0), 64.0);  // 8 * 2^3 * 1
  EXPECT_EQ(g(0, 1), 64.0);
}
