//! Pairs the operations of the old and the new API.

use crate::ir;
use crate::lower::route_shape;

/// `METHOD /path`.
pub(super) fn operation_label(operation: &ir::Operation) -> String {
    format!("{} {}", operation.method.as_str(), operation.path)
}

type OperationPair<'a> = (Option<&'a ir::Operation>, Option<&'a ir::Operation>);

/// Pairs old and new operations: by method and normalised path, then by `operationId`.
pub(super) fn match_operations<'a>(old: &'a ir::Api, new: &'a ir::Api) -> Vec<OperationPair<'a>> {
    let mut used = vec![false; new.operations.len()];
    let mut matched: Vec<Option<usize>> = vec![None; old.operations.len()];
    let new_keys: Vec<(ir::Method, String)> = new
        .operations
        .iter()
        .map(|op| (op.method, route_shape(&op.template)))
        .collect();
    for (index, op) in old.operations.iter().enumerate() {
        let key = (op.method, route_shape(&op.template));
        if let Some(found) = (0..new_keys.len()).find(|&i| !used[i] && new_keys[i] == key) {
            used[found] = true;
            matched[index] = Some(found);
        }
    }
    for (index, op) in old.operations.iter().enumerate() {
        if matched[index].is_some() {
            continue;
        }
        if let Some(found) =
            (0..new.operations.len()).find(|&i| !used[i] && new.operations[i].id == op.id)
        {
            used[found] = true;
            matched[index] = Some(found);
        }
    }
    let mut pairs: Vec<OperationPair<'a>> = old
        .operations
        .iter()
        .zip(&matched)
        .map(|(op, found)| (Some(op), found.and_then(|i| new.operations.get(i))))
        .collect();
    pairs.extend(
        new.operations
            .iter()
            .zip(&used)
            .filter(|(_, used)| !**used)
            .map(|(op, _)| (None, Some(op))),
    );
    pairs
}
