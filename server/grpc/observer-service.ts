// Turns protobuf-es service descriptors into grpc-js service definitions, so grpc-js moves
// the bytes and protobuf-es owns the messages. Used by the relay client and the demo relay.
// The definitions and handler types are derived from the generated descriptors, so a
// handler's request and response are the messages the .proto declares.
import 'server-only';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMethod, DescService, MessageShape } from '@bufbuild/protobuf';
import type * as grpc from '@grpc/grpc-js';
import { Observer } from '@/proto/gen/observer/observer_pb';

export type RequestOf<M extends DescMethod> = MessageShape<M['input']>;
export type ResponseOf<M extends DescMethod> = MessageShape<M['output']>;

/** The grpc-js definition of one method, typed by its descriptor. */
export type MethodDefinitionOf<M extends DescMethod> = grpc.MethodDefinition<
  RequestOf<M>,
  ResponseOf<M>
>;

/** The grpc-js handler a server implements for one method, by the method's kind. */
export type HandlerOf<M extends DescMethod> = M['methodKind'] extends 'unary'
  ? grpc.handleUnaryCall<RequestOf<M>, ResponseOf<M>>
  : M['methodKind'] extends 'server_streaming'
    ? grpc.handleServerStreamingCall<RequestOf<M>, ResponseOf<M>>
    : M['methodKind'] extends 'client_streaming'
      ? grpc.handleClientStreamingCall<RequestOf<M>, ResponseOf<M>>
      : grpc.handleBidiStreamingCall<RequestOf<M>, ResponseOf<M>>;

type Methods<S extends DescService> = S['method'];

/** Every method of a service, as grpc-js definitions keyed by their local names. */
export type ServiceDefinitionOf<S extends DescService> = {
  readonly [K in keyof Methods<S>]: Methods<S>[K] extends DescMethod
    ? MethodDefinitionOf<Methods<S>[K]>
    : never;
};

/** The handlers a server passes to `addService` for a service's definition. */
export type ImplementationOf<S extends DescService> = {
  [K in keyof Methods<S>]: Methods<S>[K] extends DescMethod ? HandlerOf<Methods<S>[K]> : never;
};

export function methodDefinition<M extends DescMethod>(method: M): MethodDefinitionOf<M> {
  const streamsRequests =
    method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming';
  const streamsResponses =
    method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming';
  return {
    path: `/${method.parent.typeName}/${method.name}`,
    originalName: method.localName,
    requestStream: streamsRequests,
    responseStream: streamsResponses,
    requestSerialize: (message: RequestOf<M>) => Buffer.from(toBinary(method.input, message)),
    requestDeserialize: (bytes: Buffer) => fromBinary<M['input']>(method.input, bytes),
    responseSerialize: (message: ResponseOf<M>) => Buffer.from(toBinary(method.output, message)),
    responseDeserialize: (bytes: Buffer) => fromBinary<M['output']>(method.output, bytes),
  };
}

/** grpc-js definition of `observer.Observer` (GetFlows, GetNodes, GetNamespaces, ServerStatus). */
export const observerServiceDefinition: ServiceDefinitionOf<typeof Observer> = {
  getFlows: methodDefinition(Observer.method.getFlows),
  getNodes: methodDefinition(Observer.method.getNodes),
  getNamespaces: methodDefinition(Observer.method.getNamespaces),
  serverStatus: methodDefinition(Observer.method.serverStatus),
};

export type ObserverImplementation = ImplementationOf<typeof Observer>;
