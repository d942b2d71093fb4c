// Turns protobuf-es service descriptors into grpc-js service definitions, so grpc-js moves
// the bytes and protobuf-es owns the messages. Used by the relay client and the demo relay.
import 'server-only';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMethod, DescService, Message } from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { Observer } from '@/proto/gen/observer/observer_pb';

function methodDefinition(
  service: DescService,
  method: DescMethod,
): MethodDefinition<Message, Message> {
  const streamsRequests =
    method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming';
  const streamsResponses =
    method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming';
  return {
    path: `/${service.typeName}/${method.name}`,
    originalName: method.localName,
    requestStream: streamsRequests,
    responseStream: streamsResponses,
    requestSerialize: (message: Message) => Buffer.from(toBinary(method.input, message)),
    requestDeserialize: (bytes: Buffer) => fromBinary(method.input, bytes),
    responseSerialize: (message: Message) => Buffer.from(toBinary(method.output, message)),
    responseDeserialize: (bytes: Buffer) => fromBinary(method.output, bytes),
  };
}

export function grpcServiceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<Message, Message>> = {};
  for (const method of service.methods) {
    definition[method.localName] = methodDefinition(service, method);
  }
  return definition;
}

/** grpc-js definition of `observer.Observer` (GetFlows, GetNodes, GetNamespaces, ServerStatus). */
export const observerServiceDefinition = grpcServiceDefinition(Observer);
