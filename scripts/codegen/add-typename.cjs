// GraphQL Code Generator document transform: adds `__typename` to every selection set of the
// apps' documents before they are typed and registered as trusted documents. urql adds it at run
// time, but a trusted document runs on the gateway as registered (the apps send only its hash), so
// without it responses carry no typenames and urql's document cache cannot tell which queries a
// mutation invalidates (an order stayed PENDING_REVIEW on screen after cancelOrder).
module.exports = require('@graphql-codegen/client-preset').addTypenameSelectionDocumentTransform;
