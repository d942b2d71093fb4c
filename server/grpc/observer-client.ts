// A typed client of `observer.Observer` on grpc-js: each method takes and gives protobuf-es
// messages, except GetFlows, whose responses stay bytes for the one-pass flow decoder (the
// hot path never builds protobuf message objects).
import 'server-only';
import { Client, Metadata } from '@grpc/grpc-js';
import type {
  CallOptions,
  ChannelCredentials,
  ChannelOptions,
  ClientReadableStream,
  ServiceError,
} from '@grpc/grpc-js';
import type {
  GetFlowsRequest,
  GetNodesRequest,
  GetNodesResponse,
  ServerStatusRequest,
  ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import { observerServiceDefinition } from './observer-service';

const { getFlows, getNodes, serverStatus } = observerServiceDefinition;

const rawBytes = (bytes: Buffer): Buffer => bytes;

export type UnaryCallback<Res> = (err: ServiceError | null, res?: Res) => void;

export class ObserverClient {
  private readonly client: Client;

  constructor(address: string, credentials: ChannelCredentials, options?: ChannelOptions) {
    this.client = new Client(address, credentials, options);
  }

  /** GetFlows; each response is the encoded GetFlowsResponse. */
  getFlows(req: GetFlowsRequest, options: CallOptions = {}): ClientReadableStream<Buffer> {
    return this.client.makeServerStreamRequest(
      getFlows.path,
      getFlows.requestSerialize,
      rawBytes,
      req,
      new Metadata(),
      options,
    );
  }

  serverStatus(
    req: ServerStatusRequest,
    options: CallOptions,
    callback: UnaryCallback<ServerStatusResponse>,
  ): void {
    this.client.makeUnaryRequest(
      serverStatus.path,
      serverStatus.requestSerialize,
      serverStatus.responseDeserialize,
      req,
      new Metadata(),
      options,
      callback,
    );
  }

  getNodes(
    req: GetNodesRequest,
    options: CallOptions,
    callback: UnaryCallback<GetNodesResponse>,
  ): void {
    this.client.makeUnaryRequest(
      getNodes.path,
      getNodes.requestSerialize,
      getNodes.responseDeserialize,
      req,
      new Metadata(),
      options,
      callback,
    );
  }

  close(): void {
    this.client.close();
  }
}
