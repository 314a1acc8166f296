//! The operations as the generators see them: the table's description, the parameters of the
//! request struct and the shape of the result.

use clerk_backend::models::shape::{Shape, Shaped};
use clerk_backend::ops::OperationSpec;
use clerk_backend::params::{self, Param};
use clerk_backend::requests::Operation as _;

pub struct Operation {
    pub spec: &'static OperationSpec,
    /// The request struct's path (`clerk_backend::requests::ListUsersRequest`).
    pub request: &'static str,
    pub params: Vec<Param>,
    pub output: &'static Shape,
}

pub fn all() -> Vec<Operation> {
    macro_rules! operations {
        ($($name:ident: $request:ty,)*) => {
            vec![$( Operation {
                spec: <$request>::SPEC,
                request: std::any::type_name::<$request>(),
                params: params::params_of::<$request>(),
                output: <<$request as clerk_backend::requests::Operation>::Output as Shaped>::SHAPE,
            } ),*]
        };
    }
    clerk_backend::for_each_operation!(operations)
}

/// The parameter that picks the list or the page of an operation whose result is either.
pub fn paginated_by(spec: &OperationSpec) -> &'static str {
    const PAGINATED_BY: &[(&str, &str)] = &[("get_o_auth_access_token", "paginated")];
    PAGINATED_BY
        .iter()
        .find(|(op, _)| *op == spec.python_name)
        .map(|(_, param)| *param)
        .unwrap_or_else(|| {
            panic!(
                "name the parameter that picks {}'s page in PAGINATED_BY",
                spec.python_name
            )
        })
}
